metadata description = 'StreamML on Azure: Event Hubs in front, silos on Container Apps behind, state and checkpoints in Blob storage, membership in Azure Managed Redis, secrets in Key Vault, telemetry in Application Insights.'

targetScope = 'resourceGroup'

@minLength(3)
@maxLength(12)
@description('Short prefix of every resource name, e.g. smldev.')
param name string

@description('Region of every resource.')
param location string = resourceGroup().location

@description('Tags on every resource.')
param tags object = {}

@description('Silo image, e.g. myregistry.azurecr.io/streamml/silo:0.1.0 (infra/README.md builds and pushes it).')
param image string

@description('Name of an existing container registry in this resource group the image is pulled from; empty for a public image.')
param containerRegistryName string = ''

@allowed(['Standard', 'Premium'])
param eventHubsSku string = 'Standard'

@minValue(1)
param eventHubsCapacity int = 1

@minValue(1)
@maxValue(100)
@description('Partitions of the events and labels hubs.')
param partitionCount int = 8

@minValue(1)
@maxValue(90)
param eventRetentionInDays int = 7

@description('Consumer group of the silos on both hubs.')
param consumerGroupName string = 'streamml'

@description('Storage redundancy, e.g. Standard_LRS or Standard_ZRS.')
param storageSku string = 'Standard_LRS'

@description('Azure Managed Redis SKU of the membership table.')
param redisSku string = 'Balanced_B0'

@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Dedicated workload profile type the silos run on.')
param workloadProfileType string = 'D4'

@minValue(1)
param minReplicas int = 2

@minValue(1)
param maxReplicas int = 8

param replicaCpu string = '2.0'
param replicaMemory string = '4Gi'

@minValue(1)
@description('Events of lag on the worst partition per replica before the lag rule adds one.')
param lagPerReplica int = 50000

@description('OpenID Connect authority of the API tokens, e.g. https://login.microsoftonline.com/<tenant>/v2.0.')
param jwtAuthority string

@description('Audience of the API tokens, e.g. api://streamml.')
param jwtAudience string

@description('Orleans cluster id; keep it across revisions so rolling updates join the same cluster.')
param clusterId string = 'streamml'

@description('Orleans service id; grain state is keyed by it, so never change it on a live deployment.')
param serviceId string = 'streamml'

@description('Name of the Key Vault secret holding the silos\' TLS certificate and key as PEM; empty for plain TCP between silos (infra/README.md says how to create it).')
param siloTlsSecretName string = ''

@description('Whether entity ids and personal fields are pseudonymised; the key is the Key Vault secret privacyKeySecretName.')
param pseudonymise bool = false

param privacyKeySecretName string = 'privacy-key'

@description('Further silo settings as environment variables ({ name: \'StreamML__...\', value: ... }).')
param extraSettings array = []

var hubNames = ['events', 'labels']
var containerNames = ['grainstate', 'checkpoints', 'models']
var siloPort = 11111
var gatewayPort = 30000
var clusteringSecretName = 'clustering-redis'
var suffix = uniqueString(resourceGroup().id)
var names = {
  workspace: '${name}-logs'
  appInsights: '${name}-appi'
  identity: '${name}-silo-id'
  eventHubs: '${name}-ehns-${suffix}'
  storage: take('${toLower(replace(name, '-', ''))}${suffix}', 24)
  keyVault: take('${name}-kv-${suffix}', 24)
  redis: '${name}-redis-${suffix}'
}

module monitoring 'modules/monitoring.bicep' = {
  params: {
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    location: location
    tags: tags
    retentionInDays: logRetentionInDays
  }
}

module identity 'modules/identity.bicep' = {
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module eventHubs 'modules/eventhubs.bicep' = {
  params: {
    name: names.eventHubs
    location: location
    tags: tags
    sku: eventHubsSku
    capacity: eventHubsCapacity
    partitionCount: partitionCount
    retentionInDays: eventRetentionInDays
    consumerGroupName: consumerGroupName
    hubNames: hubNames
  }
}

module storage 'modules/storage.bicep' = {
  params: {
    name: names.storage
    location: location
    tags: tags
    skuName: storageSku
    containerNames: containerNames
    deleteRetentionDays: 7
  }
}

module keyVault 'modules/keyvault.bicep' = {
  params: {
    name: names.keyVault
    location: location
    tags: tags
    softDeleteRetentionInDays: 90
  }
}

module redis 'modules/redis.bicep' = {
  params: {
    name: names.redis
    location: location
    tags: tags
    skuName: redisSku
    keyVaultName: names.keyVault
    secretName: clusteringSecretName
  }
  dependsOn: [keyVault]
}

module roles 'modules/roles.bicep' = {
  params: {
    identityName: names.identity
    eventHubsNamespaceName: names.eventHubs
    hubNames: hubNames
    storageAccountName: names.storage
    keyVaultName: names.keyVault
    appInsightsName: names.appInsights
    containerRegistryName: containerRegistryName
  }
  dependsOn: [identity, eventHubs, storage, keyVault, monitoring]
}

resource identityResource 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: names.identity
}

resource registry 'Microsoft.ContainerRegistry/registries@2025-04-01' existing = if (!empty(containerRegistryName)) {
  name: containerRegistryName
}

// The silo's settings, by the configuration keys of docs/configuration.md.
var siloSettings = concat(
  [
    { name: 'StreamML__ClusterId', value: clusterId }
    { name: 'StreamML__ServiceId', value: serviceId }
    { name: 'StreamML__Source', value: 'EventHubs' }
    { name: 'StreamML__Sources__EventHubs__Namespace', value: eventHubs.outputs.fullyQualifiedNamespace }
    { name: 'StreamML__Sources__EventHubs__EventHub', value: hubNames[0] }
    { name: 'StreamML__Sources__EventHubs__ConsumerGroup', value: consumerGroupName }
    { name: 'StreamML__Sources__EventHubs__ManagedIdentityClientId', value: identity.outputs.clientId }
    { name: 'StreamML__GrainStorage', value: 'AzureBlob' }
    { name: 'StreamML__Storage__AzureBlob__ServiceUri', value: storage.outputs.blobEndpoint }
    { name: 'StreamML__Storage__AzureBlob__ContainerName', value: containerNames[0] }
    { name: 'StreamML__Storage__AzureBlob__ManagedIdentityClientId', value: identity.outputs.clientId }
    { name: 'StreamML__Checkpoints__Provider', value: 'AzureBlob' }
    { name: 'StreamML__Checkpoints__AzureBlob__ServiceUri', value: storage.outputs.blobEndpoint }
    { name: 'StreamML__Checkpoints__AzureBlob__ContainerName', value: containerNames[1] }
    { name: 'StreamML__Checkpoints__AzureBlob__Prefix', value: eventHubs.outputs.fullyQualifiedNamespace }
    { name: 'StreamML__Checkpoints__AzureBlob__ManagedIdentityClientId', value: identity.outputs.clientId }
    { name: 'StreamML__Auth__Mode', value: 'Required' }
    { name: 'StreamML__Auth__Jwt__Authority', value: jwtAuthority }
    { name: 'StreamML__Auth__Jwt__Audience', value: jwtAudience }
  ],
  pseudonymise
    ? [
        { name: 'StreamML__Privacy__Pseudonymise', value: 'true' }
        { name: 'StreamML__Privacy__KeyVaultUri', value: keyVault.outputs.uri }
        { name: 'StreamML__Privacy__SecretName', value: privacyKeySecretName }
      ]
    : [],
  extraSettings
)

module containerApps 'modules/containerapps.bicep' = {
  params: {
    name: name
    location: location
    tags: tags
    image: image
    registryServer: empty(containerRegistryName) ? '' : registry!.properties.loginServer
    identityId: identityResource.id
    identityClientId: identity.outputs.clientId
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    appInsightsAppId: monitoring.outputs.appInsightsAppId
    workloadProfileType: workloadProfileType
    workloadProfileMinCount: minReplicas
    workloadProfileMaxCount: maxReplicas
    cpu: replicaCpu
    memory: replicaMemory
    minReplicas: minReplicas
    maxReplicas: maxReplicas
    lagPerReplica: lagPerReplica
    cpuUtilisation: 75
    settings: siloSettings
    clusteringSecretUri: redis.outputs.secretUri
    siloTlsSecretUri: empty(siloTlsSecretName) ? '' : '${keyVault.outputs.uri}secrets/${siloTlsSecretName}'
    siloPort: siloPort
    gatewayPort: gatewayPort
  }
  // The identity must be able to read the vault's secrets and pull the image before the first revision starts.
  dependsOn: [roles]
}

@description('HTTPS address of the StreamML API.')
output apiUrl string = containerApps.outputs.apiUrl

@description('Event Hubs namespace host: AMQP, and the Kafka endpoint on port 9093.')
output eventHubsNamespace string = eventHubs.outputs.fullyQualifiedNamespace

@description('Hubs producers send events and labels to.')
output eventHubs array = hubNames

@description('Blob endpoint of grain state, checkpoints and models.')
output blobEndpoint string = storage.outputs.blobEndpoint

@description('Table endpoint of the storage account.')
output tableEndpoint string = storage.outputs.tableEndpoint

@description('URI of the Key Vault.')
output keyVaultUri string = keyVault.outputs.uri

@description('Name of the Key Vault (where the silo TLS certificate and the privacy key go).')
output keyVaultName string = names.keyVault

@description('Client id of the silo identity.')
output siloIdentityClientId string = identity.outputs.clientId

@description('Application Insights component of the silos\' metrics and traces.')
output appInsightsName string = names.appInsights
