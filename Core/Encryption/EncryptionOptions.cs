namespace StreamML.Core.Encryption;

/// <summary>
/// Encryption at rest (<c>StreamML:Encryption</c>): AES-GCM envelopes around grain state and model artefacts, each with a
/// data key of its own wrapped by the ring's active key. Off by default.
/// </summary>
public sealed class EncryptionOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "StreamML:Encryption";

    /// <summary>The longest key id an envelope header can hold, in UTF-8 bytes.</summary>
    public const int MaxKeyIdBytes = 64;

    /// <summary>Whether grain state and model artefacts are written encrypted.</summary>
    /// <value>The default value is false.</value>
    public bool Enabled { get; set; }

    /// <summary>The id of the key in <see cref="Keys"/> that wraps every new write; the others only read what they wrote.</summary>
    /// <value>The default value is none; it is required when <see cref="Enabled"/>.</value>
    public string? ActiveKeyId { get; set; }

    /// <summary>The key ring: every key that wrapped something still stored must stay listed for it to be read.</summary>
    /// <value>The default value is an empty ring.</value>
    public IList<EncryptionKeyOptions> Keys { get; } = [];

    /// <summary>The Azure Key Vault that holds the keys given by <see cref="EncryptionKeyOptions.SecretName"/>, read once at start.</summary>
    /// <value>The default value is none.</value>
    public Uri? KeyVaultUri { get; set; }

    /// <summary>
    /// Whether data without an envelope (written before encryption was turned on) is still read. Turn it off once every
    /// object has been rewritten, so plain data placed in the store is refused.
    /// </summary>
    /// <value>The default value is true.</value>
    public bool AllowUnencrypted { get; set; } = true;

    /// <summary>Returns every problem with the options at once; never a key itself.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Enabled)
        {
            return errors;
        }

        for (var i = 0; i < Keys.Count; i++)
        {
            errors.AddRange(KeyProblems(i, Keys[i]));
        }

        var ids = Keys.Select(k => k.Id).Where(id => !string.IsNullOrWhiteSpace(id)).ToList();
        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count)
        {
            errors.Add($"{SectionName}:Keys ids must be distinct.");
        }

        if (string.IsNullOrWhiteSpace(ActiveKeyId))
        {
            errors.Add($"{SectionName}:ActiveKeyId is required when {SectionName}:Enabled is true.");
        }
        else if (!ids.Contains(ActiveKeyId, StringComparer.Ordinal))
        {
            errors.Add($"{SectionName}:ActiveKeyId '{ActiveKeyId}' is not the id of any of {SectionName}:Keys.");
        }

        if (KeyVaultUri is not null && (!KeyVaultUri.IsAbsoluteUri || KeyVaultUri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{SectionName}:KeyVaultUri must be an absolute https address (https://<vault>.vault.azure.net/).");
        }

        return errors;
    }

    private IEnumerable<string> KeyProblems(int index, EncryptionKeyOptions key)
    {
        var at = $"{SectionName}:Keys:{index}";
        if (string.IsNullOrWhiteSpace(key.Id) || System.Text.Encoding.UTF8.GetByteCount(key.Id) > MaxKeyIdBytes)
        {
            yield return $"{at}:Id must be set, at most {MaxKeyIdBytes} bytes.";
        }

        if ((key.Key is null) == (key.SecretName is null))
        {
            yield return $"{at}: set exactly one of Key or SecretName.";
        }
        else if (key.Key is not null && !KeyRing.TryDecodeKey(key.Key, out _))
        {
            yield return $"{at}:Key must be base64 of exactly {KeyRing.KeyBytes} random bytes.";
        }
        else if (key.SecretName is not null && KeyVaultUri is null)
        {
            yield return $"{at}:SecretName needs {SectionName}:KeyVaultUri.";
        }
    }
}
