using Azure;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using StreamML.Silo.Hosting;

namespace StreamML.Silo.Protection;

/// <summary>Reads key material from Azure Key Vault once at start, with the silo's Azure identity (managed identity in Azure).</summary>
internal static class KeyVaultSecrets
{
    /// <summary>The value of secret <paramref name="name"/> in <paramref name="vault"/>.</summary>
    /// <exception cref="StreamMLConfigurationException">The secret cannot be read; the problem names <paramref name="section"/>, the vault and the secret, never a value.</exception>
    public static string Read(Uri vault, string name, string section)
    {
        try
        {
            return new SecretClient(vault, new DefaultAzureCredential()).GetSecret(name).Value.Value;
        }
        catch (Exception ex) when (ex is RequestFailedException or AuthenticationFailedException)
        {
            throw new StreamMLConfigurationException([$"{section}: the secret '{name}' could not be read from {vault}: {ex.Message}"], ex);
        }
    }
}
