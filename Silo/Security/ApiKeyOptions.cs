namespace StreamML.Silo.Security;

/// <summary>One API key (<c>StreamML:Auth:ApiKeys:&lt;i&gt;</c>): who holds it, what it may do, and the hash of the key.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The caller's name, as audit records show it.</summary>
    public string Name { get; set; } = "";

    /// <summary>One of the roles in <see cref="Contracts.StreamMLRoles"/>.</summary>
    public string Role { get; set; } = "";

    /// <summary>The SHA-256 of the key's UTF-8 text as 64 lower-case hex digits; the key itself is never stored.</summary>
    public string Sha256 { get; set; } = "";
}
