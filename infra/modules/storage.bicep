metadata description = 'Storage account for grain state, partition checkpoints and models: TLS 1.2, no public blob access, no shared keys (the silo uses its managed identity).'

@minLength(3)
@maxLength(24)
@description('Name of the account: lower-case letters and digits, unique in Azure.')
param name string
param location string
param tags object

@description('Redundancy of the account, e.g. Standard_LRS (dev) or Standard_ZRS (prod).')
param skuName string

@description('Blob containers to create.')
param containerNames array

@description('Days a deleted blob can be restored.')
@minValue(1)
@maxValue(365)
param deleteRetentionDays int

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: skuName }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // Every client (silos, the KEDA scaler, operators) authenticates with Entra ID; account keys stay unusable.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    encryption: {
      keySource: 'Microsoft.Storage'
      requireInfrastructureEncryption: true
      services: {
        blob: { enabled: true, keyType: 'Account' }
        table: { enabled: true, keyType: 'Account' }
      }
    }
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: { enabled: true, days: deleteRetentionDays }
    containerDeleteRetentionPolicy: { enabled: true, days: deleteRetentionDays }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = [for container in containerNames: {
  parent: blobs
  name: container
  properties: { publicAccess: 'None' }
}]

@description('Blob endpoint the silo names in StreamML:Storage:AzureBlob:ServiceUri and StreamML:Checkpoints:AzureBlob:ServiceUri.')
output blobEndpoint string = account.properties.primaryEndpoints.blob

@description('Table endpoint (Orleans Azure Table clustering and persistence).')
output tableEndpoint string = account.properties.primaryEndpoints.table
