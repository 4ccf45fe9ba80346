using StreamML.Core.Encryption;
using StreamML.Silo.Hosting;

namespace StreamML.Silo.Protection;

/// <summary>Builds the silo's <see cref="EnvelopeCipher"/> from <c>StreamML:Encryption</c>: keys from configuration or Key Vault secrets.</summary>
internal static class EncryptionKeys
{
    /// <summary>The cipher of valid, enabled <paramref name="options"/>; Key Vault secrets are read once, here.</summary>
    /// <exception cref="StreamMLConfigurationException">A secret cannot be read or is not base64 of 32 bytes.</exception>
    public static EnvelopeCipher CreateCipher(EncryptionOptions options)
    {
        try
        {
            var ring = KeyRing.FromOptions(options, secret => KeyVaultSecrets.Read(options.KeyVaultUri!, secret, EncryptionOptions.SectionName));
            return new EnvelopeCipher(ring, options.AllowUnencrypted);
        }
        catch (ArgumentException ex)
        {
            throw new StreamMLConfigurationException([ex.Message], ex);
        }
    }
}
