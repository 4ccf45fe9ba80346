metadata description = 'Event Hubs namespace with its Kafka endpoint, the events and labels hubs and the consumer group the silos read with.'

@minLength(6)
@maxLength(50)
@description('Name of the namespace.')
param name string
param location string
param tags object

@allowed(['Standard', 'Premium'])
@description('Standard or Premium: the Kafka endpoint needs one of them (Basic has none).')
param sku string

@minValue(1)
@description('Throughput units (Standard) or processing units (Premium).')
param capacity int

@minValue(1)
@maxValue(100)
@description('Partitions of each hub; fixed after creation on Standard. The silo count cannot usefully exceed it.')
param partitionCount int

@minValue(1)
@maxValue(90)
@description('Days events are retained (at most 7 on Standard).')
param retentionInDays int

@description('Consumer group the silos read the hubs with.')
param consumerGroupName string

@description('Names of the hubs to create.')
param hubNames array

resource namespace 'Microsoft.EventHub/namespaces@2026-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
    tier: sku
    capacity: capacity
  }
  properties: {
    kafkaEnabled: true
    minimumTlsVersion: '1.2'
    // Entra ID only: the silo authenticates with its managed identity, so no SAS key exists to leak.
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource hubs 'Microsoft.EventHub/namespaces/eventhubs@2026-01-01' = [for hub in hubNames: {
  parent: namespace
  name: hub
  properties: {
    partitionCount: partitionCount
    messageRetentionInDays: retentionInDays
  }
}]

resource consumerGroups 'Microsoft.EventHub/namespaces/eventhubs/consumergroups@2026-01-01' = [for (hub, i) in hubNames: {
  parent: hubs[i]
  name: consumerGroupName
  properties: {
    userMetadata: 'StreamML silos'
  }
}]

@description('Fully qualified namespace host name (AMQP and, on port 9093, the Kafka endpoint).')
output fullyQualifiedNamespace string = replace(split(namespace.properties.serviceBusEndpoint, '/')[2], ':443', '')
