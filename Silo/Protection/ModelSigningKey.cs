namespace StreamML.Silo.Protection;

/// <summary>An earlier model signing key that still verifies the versions it signed.</summary>
public sealed class ModelSigningKey
{
    /// <summary>The key's name, as recorded in the signatures it made.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The key, base64, at least 32 bytes.</summary>
    public string Key { get; set; } = string.Empty;
}
