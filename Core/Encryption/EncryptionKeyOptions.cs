namespace StreamML.Core.Encryption;

/// <summary>One key-encryption key of the ring (<c>StreamML:Encryption:Keys:N</c>): its id and where its 256 bits come from.</summary>
public sealed class EncryptionKeyOptions
{
    /// <summary>The key's id, recorded in every envelope it wraps, so a read finds the key that wrote it.</summary>
    /// <value>The default value is none; it is required.</value>
    public string? Id { get; set; }

    /// <summary>The key itself: base64 of exactly 32 random bytes. Give it through an environment variable or a secret store.</summary>
    /// <value>The default value is none; set this or <see cref="SecretName"/>.</value>
    public string? Key { get; set; }

    /// <summary>Instead of <see cref="Key"/>: the name of the Key Vault secret (in <see cref="EncryptionOptions.KeyVaultUri"/>) that holds the base64 key.</summary>
    /// <value>The default value is none.</value>
    public string? SecretName { get; set; }
}
