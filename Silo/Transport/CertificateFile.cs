using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StreamML.Silo.Transport;

/// <summary>
/// Loads a certificate with its private key from a file: PEM (<c>.pem</c>, <c>.crt</c>; the key in the same file or in
/// a key file) or PKCS#12 (anything else, e.g. <c>.pfx</c>).
/// </summary>
internal static class CertificateFile
{
    /// <summary>Loads the certificate; a password decrypts a PKCS#12 file or an encrypted PEM key.</summary>
    public static X509Certificate2 Load(string path, string? password, string? keyPath)
    {
        var extension = Path.GetExtension(path);
        if (extension.Equals(".pem", StringComparison.OrdinalIgnoreCase) || extension.Equals(".crt", StringComparison.OrdinalIgnoreCase))
        {
            var key = string.IsNullOrWhiteSpace(keyPath) ? null : keyPath;
            return string.IsNullOrEmpty(password)
                ? X509Certificate2.CreateFromPemFile(path, key)
                : X509Certificate2.CreateFromEncryptedPemFile(path, password, key);
        }

        return X509CertificateLoader.LoadPkcs12FromFile(path, password);
    }

    /// <summary>
    /// The one-line problem with the certificate configured under <paramref name="section"/>, or <see langword="null"/>
    /// when it loads with a private key. The password never appears in the text.
    /// </summary>
    public static string? Problem(string section, string path, string? password, string? keyPath)
    {
        try
        {
            using var certificate = Load(path, password, keyPath);
            return certificate.HasPrivateKey ? null : $"{section}:CertificatePath '{path}' holds no private key (set {section}:KeyPath for a PEM key file).";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            return $"{section}:CertificatePath '{path}' cannot be loaded: {ex.Message.ReplaceLineEndings(" ").Trim()}";
        }
    }
}
