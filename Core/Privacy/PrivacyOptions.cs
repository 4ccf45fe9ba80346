namespace StreamML.Core.Privacy;

/// <summary>How personal data is protected at the edge: pseudonymisation of entity ids and configured fields.</summary>
public sealed class PrivacyOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "StreamML:Privacy";

    /// <summary>
    /// Whether entity ids and the configured <see cref="Fields"/> are replaced by a keyed HMAC-SHA256 where records are
    /// decoded, before entity state, logs, metrics, training data or dead letters see them.
    /// </summary>
    /// <value>The default value is false.</value>
    public bool Pseudonymise { get; set; }

    /// <summary>The HMAC key, base64 of at least <see cref="Pseudonymiser.MinimumKeyBytes"/> bytes; or use <see cref="KeyVaultUri"/>.</summary>
    /// <value>The default value is none.</value>
    public string? Key { get; set; }

    /// <summary>The Azure Key Vault holding the key as a secret (base64, read once at start with the silo's Azure identity).</summary>
    /// <value>The default value is none.</value>
    public Uri? KeyVaultUri { get; set; }

    /// <summary>The name of the Key Vault secret holding the key.</summary>
    /// <value>The default value is none.</value>
    public string? SecretName { get; set; }

    /// <summary>
    /// Further fields whose values are personal data, by their name in the raw event or label (<c>id</c>, <c>segment</c>,
    /// or any other field, at any depth of a dead letter's payload); <c>entity</c> is always pseudonymised.
    /// </summary>
    /// <value>The default value is no further field.</value>
    public List<string> Fields { get; set; } = [];

    /// <summary>Returns every problem with the options at once; never the key itself.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Key is not null && !Pseudonymiser.TryDecodeKey(Key, out _))
        {
            errors.Add($"StreamML:Privacy:Key must be base64 of at least {Pseudonymiser.MinimumKeyBytes} random bytes.");
        }

        if (Key is not null && KeyVaultUri is not null)
        {
            errors.Add("StreamML:Privacy: set either Key or KeyVaultUri with SecretName, not both.");
        }

        if (KeyVaultUri is not null && (!KeyVaultUri.IsAbsoluteUri || KeyVaultUri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add("StreamML:Privacy:KeyVaultUri must be an absolute https address (https://<vault>.vault.azure.net/).");
        }

        if (KeyVaultUri is not null && string.IsNullOrWhiteSpace(SecretName))
        {
            errors.Add("StreamML:Privacy:SecretName is required with StreamML:Privacy:KeyVaultUri.");
        }

        if (Pseudonymise && Key is null && KeyVaultUri is null)
        {
            errors.Add($"StreamML:Privacy:Pseudonymise is true but no key is configured: set StreamML:Privacy:Key (base64, at least {Pseudonymiser.MinimumKeyBytes} bytes) or StreamML:Privacy:KeyVaultUri and SecretName.");
        }

        for (var i = 0; i < Fields.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Fields[i]))
            {
                errors.Add($"StreamML:Privacy:Fields:{i} is empty; name a field of the raw events.");
            }
        }

        return errors;
    }
}
