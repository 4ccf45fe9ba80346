using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace StreamML.Core.Encryption;

/// <summary>
/// AES-256-GCM envelope encryption: each object gets a random data key, wrapped by the ring's active key; the header
/// names that key and the format version; both encryptions authenticate the header and the object's context (which
/// grain state, which model version), so an envelope moved onto another object, or altered, is refused.
/// </summary>
/// <remarks>
/// Layout, version 1: <c>"SMLE"</c>, version byte, key-id length byte, key id (UTF-8), then the wrap nonce (12), the
/// wrapped data key (32) and its tag (16), then the data nonce (12), the data tag (16) and the ciphertext. Anything that
/// does not start with the magic and a known version is plain data from before encryption was turned on.
/// </remarks>
public sealed class EnvelopeCipher
{
    private const byte Version = 1;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private static readonly byte[] Magic = "SMLE"u8.ToArray();
    private readonly KeyRing _ring;
    private readonly byte[] _activeKeyId;

    /// <summary>Creates a cipher over <paramref name="ring"/>; <paramref name="allowUnencrypted"/> says whether plain (pre-encryption) data is still read.</summary>
    public EnvelopeCipher(KeyRing ring, bool allowUnencrypted = true)
    {
        ArgumentNullException.ThrowIfNull(ring);
        _ring = ring;
        _activeKeyId = Encoding.UTF8.GetBytes(ring.ActiveKeyId);
        AllowUnencrypted = allowUnencrypted;
    }

    /// <summary>Whether data without an envelope is handed back as it is (rather than refused).</summary>
    public bool AllowUnencrypted { get; }

    /// <summary>Whether <paramref name="stored"/> starts with an envelope header (of any version).</summary>
    public static bool IsEnvelope(ReadOnlySpan<byte> stored) => stored.Length > Magic.Length && stored.StartsWith(Magic);

    /// <summary>Encrypts <paramref name="plaintext"/> for the object named by <paramref name="context"/>, under a new data key.</summary>
    public byte[] Encrypt(ReadOnlySpan<byte> plaintext, string context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headerLength = Magic.Length + 2 + _activeKeyId.Length;
        var output = new byte[headerLength + NonceBytes + KeyRing.KeyBytes + TagBytes + NonceBytes + TagBytes + plaintext.Length];
        Magic.CopyTo(output, 0);
        output[Magic.Length] = Version;
        output[Magic.Length + 1] = (byte)_activeKeyId.Length;
        _activeKeyId.CopyTo(output, Magic.Length + 2);
        var layout = new Layout(output, headerLength);
        var associated = AssociatedData(output.AsSpan(0, headerLength), context);

        Span<byte> dataKey = stackalloc byte[KeyRing.KeyBytes];
        RandomNumberGenerator.Fill(dataKey);
        try
        {
            RandomNumberGenerator.Fill(layout.WrapNonce);
            using (var wrap = new AesGcm(_ring.Active, TagBytes))
            {
                wrap.Encrypt(layout.WrapNonce, dataKey, layout.WrappedKey, layout.WrapTag, associated);
            }

            RandomNumberGenerator.Fill(layout.DataNonce);
            using var data = new AesGcm(dataKey, TagBytes);
            data.Encrypt(layout.DataNonce, plaintext, layout.Ciphertext, layout.DataTag, associated);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }

        return output;
    }

    /// <summary>
    /// The plaintext of <paramref name="stored"/>, which was written for the object named by <paramref name="context"/>;
    /// data without an envelope comes back as it is when <see cref="AllowUnencrypted"/>.
    /// </summary>
    /// <exception cref="EncryptedDataException">
    /// The key that wrapped it is not in the ring (the message names its id), the data was altered or belongs to another
    /// object, the header is unreadable, or the data is plain and plain data is not allowed.
    /// </exception>
    public byte[] Decrypt(ReadOnlySpan<byte> stored, string context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!IsEnvelope(stored))
        {
            return AllowUnencrypted
                ? stored.ToArray()
                : throw new EncryptedDataException($"{context} is not encrypted, and {EncryptionOptions.SectionName}:AllowUnencrypted is false");
        }

        if (stored[Magic.Length] != Version)
        {
            throw new EncryptedDataException($"{context} has envelope version {stored[Magic.Length]}, which this build does not read");
        }

        var idLength = stored.Length > Magic.Length + 1 ? stored[Magic.Length + 1] : 0;
        var headerLength = Magic.Length + 2 + idLength;
        if (idLength == 0 || stored.Length < headerLength + NonceBytes + KeyRing.KeyBytes + TagBytes + NonceBytes + TagBytes)
        {
            throw new EncryptedDataException($"{context} has a truncated or unreadable encryption header");
        }

        var keyId = Encoding.UTF8.GetString(stored.Slice(Magic.Length + 2, idLength));
        if (!_ring.TryGet(keyId, out var key))
        {
            throw new EncryptedDataException(
                $"{context} was encrypted with key '{keyId}', which is not in {EncryptionOptions.SectionName}:Keys; add that key back to the ring to read it");
        }

        var copy = stored.ToArray();
        var layout = new Layout(copy, headerLength);
        var associated = AssociatedData(copy.AsSpan(0, headerLength), context);
        var plaintext = new byte[layout.Ciphertext.Length];
        Span<byte> dataKey = stackalloc byte[KeyRing.KeyBytes];
        try
        {
            using (var unwrap = new AesGcm(key, TagBytes))
            {
                unwrap.Decrypt(layout.WrapNonce, layout.WrappedKey, layout.WrapTag, dataKey, associated);
            }

            using var data = new AesGcm(dataKey, TagBytes);
            data.Decrypt(layout.DataNonce, layout.Ciphertext, layout.DataTag, plaintext, associated);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new EncryptedDataException($"{context} failed authentication under key '{keyId}': it was altered, or it belongs to another object", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }

        return plaintext;
    }

    /// <summary>The id of the key that wrapped <paramref name="stored"/>, or <see langword="null"/> for plain data or an unreadable header.</summary>
    public static string? KeyIdOf(ReadOnlySpan<byte> stored)
    {
        if (!IsEnvelope(stored) || stored.Length < Magic.Length + 2)
        {
            return null;
        }

        var idLength = stored[Magic.Length + 1];
        return idLength > 0 && stored.Length >= Magic.Length + 2 + idLength ? Encoding.UTF8.GetString(stored.Slice(Magic.Length + 2, idLength)) : null;
    }

    /// <summary>The header (magic, version, key id) followed by the object's context, as UTF-8.</summary>
    private static byte[] AssociatedData(ReadOnlySpan<byte> header, string context)
    {
        var associated = new byte[header.Length + 4 + Encoding.UTF8.GetByteCount(context)];
        header.CopyTo(associated);
        BinaryPrimitives.WriteInt32BigEndian(associated.AsSpan(header.Length), associated.Length - header.Length - 4);
        Encoding.UTF8.GetBytes(context, associated.AsSpan(header.Length + 4));
        return associated;
    }

    /// <summary>The sections of an envelope after its header.</summary>
    private readonly ref struct Layout(byte[] envelope, int headerLength)
    {
        private readonly Span<byte> _body = envelope.AsSpan(headerLength);

        public Span<byte> WrapNonce => _body[..NonceBytes];

        public Span<byte> WrappedKey => _body.Slice(NonceBytes, KeyRing.KeyBytes);

        public Span<byte> WrapTag => _body.Slice(NonceBytes + KeyRing.KeyBytes, TagBytes);

        public Span<byte> DataNonce => _body.Slice(NonceBytes + KeyRing.KeyBytes + TagBytes, NonceBytes);

        public Span<byte> DataTag => _body.Slice(NonceBytes + KeyRing.KeyBytes + TagBytes + NonceBytes, TagBytes);

        public Span<byte> Ciphertext => _body[(NonceBytes + KeyRing.KeyBytes + TagBytes + NonceBytes + TagBytes)..];
    }
}
