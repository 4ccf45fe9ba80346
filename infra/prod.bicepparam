using 'main.bicep'

// Production: Premium Event Hubs with 32 partitions, zone-redundant storage, silos scaling from 3 to 16 on lag and CPU,
// TLS between silos and pseudonymised personal data.
param name = 'smlprod'
param tags = { environment: 'prod', app: 'streamml' }
param image = readEnvironmentVariable('STREAMML_IMAGE')
param containerRegistryName = readEnvironmentVariable('STREAMML_ACR')
param eventHubsSku = 'Premium'
param eventHubsCapacity = 1
param partitionCount = 32
param eventRetentionInDays = 7
param storageSku = 'Standard_ZRS'
param redisSku = 'Balanced_B1'
param logRetentionInDays = 90
param workloadProfileType = 'D8'
param minReplicas = 3
param maxReplicas = 16
param replicaCpu = '4.0'
param replicaMemory = '8Gi'
param lagPerReplica = 100000
param jwtAuthority = readEnvironmentVariable('STREAMML_JWT_AUTHORITY')
param jwtAudience = readEnvironmentVariable('STREAMML_JWT_AUDIENCE')
param clusterId = 'streamml'
param serviceId = 'streamml'
param siloTlsSecretName = 'silo-tls'
param pseudonymise = true
param privacyKeySecretName = 'privacy-key'
