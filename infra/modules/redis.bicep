metadata description = 'Azure Managed Redis for the Orleans membership table (StreamML:Clustering:Provider=Redis); its connection string goes straight into Key Vault, never into an output.'

@description('Name of the cache.')
param name string
param location string
param tags object

@description('Azure Managed Redis SKU, e.g. Balanced_B0 (dev) or Balanced_B1 (prod).')
param skuName string

@description('Name of the vault the connection string is written to.')
param keyVaultName string

@description('Name of the secret that holds the StackExchange.Redis connection string.')
param secretName string

resource cache 'Microsoft.Cache/redisEnterprise@2025-07-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: skuName }
  properties: {
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.Cache/redisEnterprise/databases@2025-07-01' = {
  parent: cache
  name: 'default'
  properties: {
    clientProtocol: 'Encrypted'
    port: 10000
    // One endpoint behind the proxy: Orleans' Redis membership uses a single key, no cluster-aware client is needed.
    clusteringPolicy: 'EnterpriseCluster'
    // Membership rows must never be evicted.
    evictionPolicy: 'NoEviction'
    accessKeysAuthentication: 'Enabled'
  }
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: secretName
  properties: {
    contentType: 'StackExchange.Redis configuration string'
    value: '${cache.properties.hostName}:${database.properties.port},password=${database.listKeys().primaryKey},ssl=True,abortConnect=False'
  }
}

@description('Host name of the cache.')
output hostName string = cache.properties.hostName

@description('Key Vault URI of the connection-string secret (a Container Apps secret reference, not the value).')
output secretUri string = secret.properties.secretUri
