using Orleans.Storage;
using StreamML.Core.Encryption;

namespace StreamML.Storage.Encryption;

/// <summary>
/// Wraps a grain storage's serializer: what it produces is sealed in an AES-GCM envelope bound to the grain and state
/// being written, and envelopes are opened before it reads them; bytes without an envelope (written before encryption
/// was turned on) go to it as they are.
/// </summary>
/// <remarks>Only used inside <see cref="EncryptingGrainStorage"/>, which names the grain state of each call.</remarks>
public sealed class EncryptingGrainStorageSerializer(IGrainStorageSerializer inner, EnvelopeCipher cipher) : IGrainStorageSerializer
{
    /// <summary>The serializer whose output is encrypted.</summary>
    public IGrainStorageSerializer Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc />
    public BinaryData Serialize<T>(T? input)
    {
        var scope = RequireScope();
        var sealedState = cipher.Encrypt(Inner.Serialize(input).ToMemory().Span, scope.Context);
        scope.Encrypted = true;
        return new BinaryData(sealedState);
    }

    /// <inheritdoc />
    /// <exception cref="EncryptedDataException">The state's key is not in the ring, or it was altered or belongs to another grain or state.</exception>
    public T? Deserialize<T>(BinaryData input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var stored = input.ToMemory();
        return EnvelopeCipher.IsEnvelope(stored.Span) || !cipher.AllowUnencrypted
            ? Inner.Deserialize<T>(new BinaryData(cipher.Decrypt(stored.Span, RequireScope().Context)))
            : Inner.Deserialize<T>(input);
    }

    private static GrainStateScope RequireScope() =>
        GrainStateScope.Current
        ?? throw new InvalidOperationException("Encrypted grain state is only serialized inside a grain storage call, which names the grain and state it is bound to.");
}
