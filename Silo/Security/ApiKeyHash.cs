using System.Security.Cryptography;
using System.Text;

namespace StreamML.Silo.Security;

/// <summary>The SHA-256 form an API key is configured and compared in.</summary>
internal static class ApiKeyHash
{
    /// <summary>The SHA-256 of <paramref name="key"/>'s UTF-8 text.</summary>
    public static byte[] Of(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Whether <paramref name="text"/> is a SHA-256 written as 64 lower-case hex digits.</summary>
    public static bool IsHash(string? text) => text is { Length: 64 } && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
