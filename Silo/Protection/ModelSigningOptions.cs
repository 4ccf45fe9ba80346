namespace StreamML.Silo.Protection;

/// <summary>
/// Signing of model versions (<c>StreamML:ModelSigning</c>): HMAC-SHA256 keys kept in configuration, outside the data
/// directory; off until a key is configured.
/// </summary>
public sealed class ModelSigningOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "StreamML:ModelSigning";

    /// <summary>The current signing key, base64, at least 32 bytes. Setting it signs new versions and refuses unsigned or altered ones.</summary>
    /// <value>The default value is <see langword="null"/> (versions are not signed).</value>
    public string? Key { get; set; }

    /// <summary>The name recorded with each signature, so a rotated key can still verify what it signed.</summary>
    /// <value>The default value is <c>1</c>.</value>
    public string KeyId { get; set; } = "1";

    /// <summary>Earlier keys (<c>Id</c>, <c>Key</c>) that still verify the versions they signed; new versions use <see cref="Key"/>.</summary>
    /// <value>The default value is an empty list.</value>
    public IList<ModelSigningKey> PreviousKeys { get; } = [];

    /// <summary>Whether signing is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Key);
}
