namespace StreamML.Core.Encryption;

/// <summary>
/// The key-encryption keys by id: the active one wraps new data keys, any of them unwraps what it wrapped. The key
/// bytes never leave the ring; errors name ids only.
/// </summary>
public sealed class KeyRing
{
    /// <summary>The size of every key: AES-256.</summary>
    public const int KeyBytes = 32;

    private readonly Dictionary<string, byte[]> _keys;

    /// <summary>Creates a ring that wraps with <paramref name="activeKeyId"/> and unwraps with any of <paramref name="keys"/>.</summary>
    /// <exception cref="ArgumentException">The active key is not in the ring, an id is too long, or a key is not 32 bytes.</exception>
    public KeyRing(string activeKeyId, IReadOnlyDictionary<string, byte[]> keys)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(activeKeyId);
        ArgumentNullException.ThrowIfNull(keys);
        if (!keys.ContainsKey(activeKeyId))
        {
            throw new ArgumentException($"the active key '{activeKeyId}' is not in the ring", nameof(keys));
        }

        foreach (var (id, key) in keys)
        {
            if (string.IsNullOrEmpty(id) || System.Text.Encoding.UTF8.GetByteCount(id) > EncryptionOptions.MaxKeyIdBytes)
            {
                throw new ArgumentException($"key ids must be 1 to {EncryptionOptions.MaxKeyIdBytes} bytes", nameof(keys));
            }

            if (key.Length != KeyBytes)
            {
                throw new ArgumentException($"key '{id}' must be {KeyBytes} bytes", nameof(keys));
            }
        }

        ActiveKeyId = activeKeyId;
        _keys = keys.ToDictionary(k => k.Key, k => k.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The id of the key that wraps new data keys.</summary>
    public string ActiveKeyId { get; }

    /// <summary>The ids in the ring.</summary>
    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    /// <summary>
    /// The ring <paramref name="options"/> describe; keys given by secret name are read with <paramref name="readSecret"/>
    /// (the secret's name in, its base64 value out).
    /// </summary>
    /// <exception cref="ArgumentException">A key is not base64 of 32 bytes, or a secret name is given without <paramref name="readSecret"/>.</exception>
    public static KeyRing FromOptions(EncryptionOptions options, Func<string, string>? readSecret)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var key in options.Keys)
        {
            var id = key.Id ?? throw new ArgumentException($"{EncryptionOptions.SectionName}:Keys: a key has no Id");
            var text = key.Key
                ?? (key.SecretName is { } secret && readSecret is not null
                    ? readSecret(secret)
                    : throw new ArgumentException($"{EncryptionOptions.SectionName}: key '{id}' is a Key Vault secret, and no Key Vault is available here"));
            keys[id] = TryDecodeKey(text, out var bytes)
                ? bytes
                : throw new ArgumentException($"{EncryptionOptions.SectionName}: key '{id}' must be base64 of exactly {KeyBytes} bytes");
        }

        return new KeyRing(options.ActiveKeyId ?? string.Empty, keys);
    }

    /// <summary>Decodes a base64 key of exactly <see cref="KeyBytes"/> bytes.</summary>
    public static bool TryDecodeKey(string? base64, out byte[] key)
    {
        key = [];
        if (string.IsNullOrWhiteSpace(base64))
        {
            return false;
        }

        var buffer = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64.Trim(), buffer, out var written) || written != KeyBytes)
        {
            return false;
        }

        key = buffer[..written];
        return true;
    }

    /// <summary>The key with id <paramref name="id"/>, if the ring holds it.</summary>
    internal bool TryGet(string id, out byte[] key) => _keys.TryGetValue(id, out key!);

    /// <summary>The active key.</summary>
    internal byte[] Active => _keys[ActiveKeyId];
}
