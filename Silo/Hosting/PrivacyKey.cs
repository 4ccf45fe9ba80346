using StreamML.Core.Privacy;
using StreamML.Silo.Protection;

namespace StreamML.Silo.Hosting;

/// <summary>Where the pseudonymisation key comes from: the configuration, or a Key Vault secret read once at start.</summary>
internal static class PrivacyKey
{
    /// <summary>The silo's pseudonymiser: <see cref="Pseudonymiser.None"/> unless <see cref="PrivacyOptions.Pseudonymise"/> is on.</summary>
    /// <exception cref="StreamMLConfigurationException">The Key Vault secret cannot be read or is not a valid key.</exception>
    public static Pseudonymiser CreatePseudonymiser(PrivacyOptions options)
    {
        if (!options.Pseudonymise)
        {
            return Pseudonymiser.None;
        }

        var key = options.Key is { } configured && Pseudonymiser.TryDecodeKey(configured, out var decoded) ? decoded : ReadFromKeyVault(options);
        return new Pseudonymiser(key, options.Fields);
    }

    private static byte[] ReadFromKeyVault(PrivacyOptions options)
    {
        if (options.KeyVaultUri is not { } vault || options.SecretName is not { } name)
        {
            throw new StreamMLConfigurationException(["StreamML:Privacy:Pseudonymise is true but no key is configured."]);
        }

        var secret = KeyVaultSecrets.Read(vault, name, PrivacyOptions.SectionName);
        return Pseudonymiser.TryDecodeKey(secret, out var key)
            ? key
            : throw new StreamMLConfigurationException([$"StreamML:Privacy: the secret '{name}' in {vault} must be base64 of at least {Pseudonymiser.MinimumKeyBytes} random bytes."]);
    }
}
