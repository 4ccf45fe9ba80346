metadata description = 'The user-assigned managed identity every silo runs as; role assignments give it only what the silo uses.'

@description('Name of the identity.')
param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Client id the silo names in StreamML:*:ManagedIdentityClientId and AZURE_CLIENT_ID.')
output clientId string = identity.properties.clientId
