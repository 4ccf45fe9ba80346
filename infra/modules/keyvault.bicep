metadata description = 'Key Vault with RBAC authorization and purge protection: silo secrets (the clustering connection string, the TLS certificate, the pseudonymisation key).'

@minLength(3)
@maxLength(24)
@description('Name of the vault, unique in Azure.')
param name string
param location string
param tags object

@minValue(7)
@maxValue(90)
@description('Days a deleted secret stays recoverable.')
param softDeleteRetentionInDays int

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
    networkAcls: { bypass: 'AzureServices', defaultAction: 'Allow' }
  }
}

@description('URI of the vault (StreamML:Privacy:KeyVaultUri).')
output uri string = vault.properties.vaultUri
