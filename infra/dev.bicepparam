using 'main.bicep'

// A small cluster to try StreamML on Azure: two silos, Standard Event Hubs, locally redundant storage.
param name = 'smldev'
param tags = { environment: 'dev', app: 'streamml' }
param image = readEnvironmentVariable('STREAMML_IMAGE', 'streamml.azurecr.io/streamml/silo:0.1.0')
param containerRegistryName = readEnvironmentVariable('STREAMML_ACR', '')
param eventHubsSku = 'Standard'
param eventHubsCapacity = 1
param partitionCount = 4
param eventRetentionInDays = 1
param storageSku = 'Standard_LRS'
param redisSku = 'Balanced_B0'
param logRetentionInDays = 30
param workloadProfileType = 'D4'
param minReplicas = 2
param maxReplicas = 4
param replicaCpu = '2.0'
param replicaMemory = '4Gi'
param lagPerReplica = 20000
param jwtAuthority = readEnvironmentVariable('STREAMML_JWT_AUTHORITY')
param jwtAudience = readEnvironmentVariable('STREAMML_JWT_AUDIENCE', 'api://streamml-dev')
param clusterId = 'streamml-dev'
param serviceId = 'streamml-dev'
param siloTlsSecretName = readEnvironmentVariable('STREAMML_SILO_TLS_SECRET', '')
param pseudonymise = false
