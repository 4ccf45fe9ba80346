metadata description = 'Container Apps environment on a dedicated workload profile and the silo app: HTTPS ingress on the API, silo and gateway ports internal, probes on /healthz and /readyz, scale rules on consumer lag and CPU.'

param name string
param location string
param tags object

@description('Silo image, e.g. myregistry.azurecr.io/streamml/silo:0.1.0.')
param image string

@description('Login server of the registry the image is pulled from with the identity; empty for a public image.')
param registryServer string

@description('Resource id of the silo identity.')
param identityId string

@description('Client id of the silo identity.')
param identityClientId string

param workspaceName string
param appInsightsName string
param appInsightsAppId string

@description('Dedicated workload profile type, e.g. D4; silos are pinned to it (multi-silo clusters are unreliable on Consumption).')
param workloadProfileType string

@minValue(1)
param workloadProfileMinCount int

@minValue(1)
param workloadProfileMaxCount int

@description('CPU cores and memory of one silo replica.')
param cpu string
param memory string

@minValue(1)
param minReplicas int

@minValue(1)
@description('At most the partition count: a silo without a partition only hosts grains.')
param maxReplicas int

@description('Lag (events behind, on the worst partition) one replica is expected to absorb; the lag scale rule targets it.')
@minValue(1)
param lagPerReplica int

@description('CPU utilisation (percent) the CPU scale rule targets.')
@minValue(10)
@maxValue(100)
param cpuUtilisation int

@description('Settings of the silo: StreamML configuration keys (docs/configuration.md) as environment variables.')
param settings array

@description('Key Vault secret URI of the clustering connection string.')
param clusteringSecretUri string

@description('Key Vault secret URI of the silo TLS certificate and key (one PEM file); empty for plain TCP between silos.')
param siloTlsSecretUri string

param siloPort int
param gatewayPort int

var apiPort = 8080
var siloTlsPath = '/mnt/silo-tls'
var tlsEnabled = !empty(siloTlsSecretUri)

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' existing = {
  name: workspaceName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource environment 'Microsoft.App/managedEnvironments@2025-07-01' = {
  name: '${name}-env'
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
      {
        name: 'silos'
        workloadProfileType: workloadProfileType
        minimumCount: workloadProfileMinCount
        maximumCount: workloadProfileMaxCount
      }
    ]
    peerTrafficConfiguration: {
      encryption: { enabled: true }
    }
    zoneRedundant: false
  }
}

var secrets = concat(
  [
    {
      name: 'appinsights-connection'
      value: appInsights.properties.ConnectionString
    }
    {
      name: 'clustering-connection'
      keyVaultUrl: clusteringSecretUri
      identity: identityId
    }
  ],
  tlsEnabled ? [{ name: 'silo-tls', keyVaultUrl: siloTlsSecretUri, identity: identityId }] : []
)

var platformEnv = [
  { name: 'ASPNETCORE_URLS', value: 'http://+:${apiPort}' }
  { name: 'AZURE_CLIENT_ID', value: identityClientId }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', secretRef: 'appinsights-connection' }
  { name: 'OTEL_SERVICE_NAME', value: 'streamml-silo' }
  { name: 'StreamML__Clustering__Provider', value: 'Redis' }
  { name: 'StreamML__Clustering__Redis__ConnectionString', secretRef: 'clustering-connection' }
  // Replicas get their addresses at start; the silo advertises the first address of its own host name.
  { name: 'StreamML__AdvertisedAddress', value: 'Auto' }
  { name: 'StreamML__SiloPort', value: string(siloPort) }
  { name: 'StreamML__GatewayPort', value: string(gatewayPort) }
  { name: 'StreamML__DataDirectory', value: '/data' }
  { name: 'StreamML__ConsoleProgress', value: 'false' }
]

var tlsEnv = tlsEnabled ? [{ name: 'StreamML__Tls__CertificatePath', value: '${siloTlsPath}/silo.pem' }] : []

resource silo 'Microsoft.App/containerApps@2025-07-01' = {
  name: '${name}-silo'
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: 'silos'
    configuration: {
      // Single: a new revision replaces the old one; silos of both share the ClusterId while it rolls.
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: apiPort
        transport: 'http'
        allowInsecure: false
        // Orleans silo-to-silo and gateway traffic is direct TCP between replicas, reachable only inside the environment.
        additionalPortMappings: [
          { external: false, targetPort: siloPort }
          { external: false, targetPort: gatewayPort }
        ]
      }
      secrets: secrets
      registries: empty(registryServer) ? [] : [{ server: registryServer, identity: identityId }]
    }
    template: {
      terminationGracePeriodSeconds: 120
      containers: [
        {
          name: 'silo'
          image: image
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          env: concat(platformEnv, tlsEnv, settings)
          probes: [
            {
              type: 'Startup'
              httpGet: { path: '/healthz', port: apiPort }
              periodSeconds: 5
              failureThreshold: 24
            }
            {
              type: 'Liveness'
              httpGet: { path: '/healthz', port: apiPort }
              periodSeconds: 10
              failureThreshold: 3
            }
            {
              type: 'Readiness'
              httpGet: { path: '/readyz', port: apiPort }
              periodSeconds: 5
              failureThreshold: 3
            }
          ]
          volumeMounts: concat(
            [{ volumeName: 'data', mountPath: '/data' }],
            tlsEnabled ? [{ volumeName: 'silo-tls', mountPath: siloTlsPath }] : []
          )
        }
      ]
      volumes: concat(
        [{ name: 'data', storageType: 'EmptyDir' }],
        tlsEnabled ? [{ name: 'silo-tls', storageType: 'Secret', secrets: [{ secretRef: 'silo-tls', path: 'silo.pem' }] }] : []
      )
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            // KEDA's azure-app-insights scaler on the silo's own lag gauge (exported through OpenTelemetry): the
            // azure-eventhub scaler reads EventProcessorClient checkpoint blobs and the kafka scaler committed group
            // offsets, and StreamML checkpoints through its own barrier in neither form.
            name: 'source-lag'
            custom: {
              type: 'azure-app-insights'
              identity: identityId
              metadata: {
                applicationInsightsId: appInsightsAppId
                tenantId: tenant().tenantId
                metricId: 'customMetrics/streamml.source.lag'
                metricAggregationType: 'max'
                metricAggregationTimespan: '0:5'
                targetValue: string(lagPerReplica)
                ignoreNullValues: 'true'
              }
            }
          }
          {
            name: 'cpu'
            custom: {
              type: 'cpu'
              metadata: {
                type: 'Utilization'
                value: string(cpuUtilisation)
              }
            }
          }
        ]
      }
    }
  }
}

@description('HTTPS address of the API.')
output apiUrl string = 'https://${silo.properties.configuration.ingress.fqdn}'

@description('Default domain of the environment.')
output environmentDomain string = environment.properties.defaultDomain
