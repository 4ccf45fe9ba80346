using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace StreamML.Core.Models;

/// <summary>
/// Signs model versions with HMAC-SHA256 over the artefact's hash and the metadata (its status aside, the one part that
/// changes), so a version whose artefact or metadata was replaced, even both together, is refused: whoever can write
/// the data directory cannot sign without the key, which is kept outside it. Versions signed with an earlier key verify
/// while that key is still listed; new versions are signed with the current one.
/// </summary>
public sealed class ModelSigner
{
    /// <summary>The name of the signature file beside a version's artefact and metadata.</summary>
    public const string FileName = "signature.json";

    private const string Algorithm = "HMAC-SHA256";
    private static readonly byte[] Domain = Encoding.UTF8.GetBytes("streamml-model-signature-v1\n");
    private readonly string _currentKeyId;
    private readonly Dictionary<string, byte[]> _keys;

    /// <summary>Creates a signer that signs with <paramref name="currentKeyId"/> and verifies with any of <paramref name="keys"/>.</summary>
    /// <exception cref="ArgumentException">The current key is not among the keys, or a key is shorter than 32 bytes.</exception>
    public ModelSigner(string currentKeyId, IReadOnlyDictionary<string, byte[]> keys)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(currentKeyId);
        ArgumentNullException.ThrowIfNull(keys);
        if (!keys.ContainsKey(currentKeyId))
        {
            throw new ArgumentException($"the current key '{currentKeyId}' is not among the keys", nameof(keys));
        }

        if (keys.Values.Any(k => k.Length < 32))
        {
            throw new ArgumentException("signing keys must be at least 32 bytes", nameof(keys));
        }

        _currentKeyId = currentKeyId;
        _keys = keys.ToDictionary(k => k.Key, k => k.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The signature file's content for a version with metadata <paramref name="info"/> and artefact <paramref name="artifact"/>.</summary>
    public byte[] Sign(ModelVersionInfo info, ReadOnlySpan<byte> artifact)
    {
        ArgumentNullException.ThrowIfNull(info);
        var mac = Mac(_keys[_currentKeyId], info, artifact);
        return JsonSerializer.SerializeToUtf8Bytes(new SignatureFile(_currentKeyId, Algorithm, Convert.ToBase64String(mac)), ModelJson.Options);
    }

    /// <summary>Checks the signature file <paramref name="signature"/> (null when missing) against the version's metadata and artefact.</summary>
    /// <exception cref="ModelRejectedException">The signature is missing, unreadable, by an unknown key, or does not match.</exception>
    public void Verify(ModelVersionInfo info, ReadOnlySpan<byte> artifact, byte[]? signature)
    {
        ArgumentNullException.ThrowIfNull(info);
        var label = $"model '{info.Model}' version {info.Version}";
        if (signature is null)
        {
            throw new ModelRejectedException($"{label} is refused: it has no signature, and signing is configured");
        }

        SignatureFile? file;
        try
        {
            file = JsonSerializer.Deserialize<SignatureFile>(signature, ModelJson.Options);
        }
        catch (JsonException)
        {
            file = null;
        }

        if (file is null || file.Algorithm != Algorithm || !TryBase64(file.Mac, out var expected))
        {
            throw new ModelRejectedException($"{label} is refused: its signature file is unreadable");
        }

        if (!_keys.TryGetValue(file.KeyId, out var key))
        {
            throw new ModelRejectedException($"{label} is refused: it was signed with key '{file.KeyId}', which is not configured");
        }

        if (!CryptographicOperations.FixedTimeEquals(Mac(key, info, artifact), expected))
        {
            throw new ModelRejectedException($"{label} is refused: its artefact or metadata changed after it was signed");
        }
    }

    private static byte[] Mac(byte[] key, ModelVersionInfo info, ReadOnlySpan<byte> artifact)
    {
        var metadata = ModelJson.Serialize(info with { Status = default });
        var signed = new byte[Domain.Length + SHA256.HashSizeInBytes + metadata.Length];
        Domain.CopyTo(signed, 0);
        SHA256.HashData(artifact, signed.AsSpan(Domain.Length, SHA256.HashSizeInBytes));
        metadata.CopyTo(signed, Domain.Length + SHA256.HashSizeInBytes);
        return HMACSHA256.HashData(key, signed);
    }

    private static bool TryBase64(string? text, out byte[] bytes)
    {
        bytes = new byte[HMACSHA256.HashSizeInBytes];
        return text is not null && Convert.TryFromBase64String(text, bytes, out var written) && written == bytes.Length;
    }

    private sealed record SignatureFile(string KeyId, string Algorithm, string Mac);
}
