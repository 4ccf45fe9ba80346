using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using StreamML.Core.Events;

namespace StreamML.Core.Privacy;

/// <summary>
/// Replaces personal data by keyed pseudonyms where records enter the platform: the entity id always, and the configured
/// fields (<c>id</c>, <c>segment</c>, or any field of a dead letter's payload). A pseudonym is the HMAC-SHA256 of the
/// value's UTF-8 bytes under the platform's key, truncated to 128 bits and written as 32 lowercase hex characters: the
/// same value always gives the same pseudonym (entities keep their state, labels join their events), and without the key
/// nobody can tell which value it stands for or compute it from a guessed one.
/// </summary>
public sealed partial class Pseudonymiser
{
    /// <summary>The shortest key accepted, in bytes (the HMAC-SHA256 block's security level).</summary>
    public const int MinimumKeyBytes = 32;

    /// <summary>The pseudonym's length in bytes before hex encoding (128 bits).</summary>
    private const int PseudonymBytes = 16;

    private const string EntityField = "entity";
    private const string IdField = "id";
    private const string SegmentField = "segment";

    private readonly byte[]? _key;
    private readonly HashSet<string> _fields;
    private readonly bool _ids;
    private readonly bool _segments;

    /// <summary>Creates a pseudonymiser with <paramref name="key"/> for the entity id and <paramref name="fields"/>.</summary>
    /// <param name="key">The HMAC key, at least <see cref="MinimumKeyBytes"/> bytes.</param>
    /// <param name="fields">Further fields to pseudonymise, by their name in the raw events and labels.</param>
    public Pseudonymiser(ReadOnlySpan<byte> key, IEnumerable<string> fields)
        : this(fields, key.ToArray())
    {
        if (key.Length < MinimumKeyBytes)
        {
            throw new ArgumentException($"A pseudonymisation key needs at least {MinimumKeyBytes} bytes.", nameof(key));
        }
    }

    private Pseudonymiser(IEnumerable<string> fields, byte[]? key)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _key = key;
        _fields = new HashSet<string>(fields, StringComparer.Ordinal) { EntityField };
        _ids = _fields.Contains(IdField);
        _segments = _fields.Contains(SegmentField);
    }

    /// <summary>The pseudonymiser of a platform that keeps ids as they come (pseudonymisation off): every value is its own pseudonym.</summary>
    public static Pseudonymiser None { get; } = new(Array.Empty<string>(), key: null);

    /// <summary>Whether values are replaced (false for <see cref="None"/>).</summary>
    public bool Enabled => _key is not null;

    /// <summary>Decodes a base64 key; false when it is not base64 or shorter than <see cref="MinimumKeyBytes"/>.</summary>
    public static bool TryDecodeKey(string? base64, out byte[] key)
    {
        key = [];
        if (string.IsNullOrWhiteSpace(base64))
        {
            return false;
        }

        var buffer = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64.Trim(), buffer, out var written) || written < MinimumKeyBytes)
        {
            CryptographicOperations.ZeroMemory(buffer);
            return false;
        }

        key = buffer[..written];
        CryptographicOperations.ZeroMemory(buffer);
        return true;
    }

    /// <summary>Whether the field named <paramref name="field"/> holds personal data (always true for <c>entity</c>).</summary>
    public bool Covers(string field) => _fields.Contains(field);

    /// <summary>The pseudonym of <paramref name="value"/>; the value itself when pseudonymisation is off.</summary>
    public string Pseudonymise(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (_key is null)
        {
            return value;
        }

        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        var buffer = max <= 1_024 ? stackalloc byte[1_024] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(value, buffer);
            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(_key, buffer[..length], mac);
            return Convert.ToHexStringLower(mac[..PseudonymBytes]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
        }
    }

    /// <summary>The event with its entity id (and its id and segment, when configured) replaced by their pseudonyms.</summary>
    public StreamEvent Apply(StreamEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return _key is null
            ? e
            : new StreamEvent(
                _ids ? Pseudonymise(e.Id) : e.Id,
                Pseudonymise(e.Entity),
                e.TimeTicks,
                e.Values,
                _segments && e.Segment is { } segment ? Pseudonymise(segment) : e.Segment);
    }

    /// <summary>The label with its entity id (and its event id, when <c>id</c> is configured) replaced by their pseudonyms.</summary>
    public LabelEvent Apply(LabelEvent label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return _key is null
            ? label
            : new LabelEvent(_ids ? Pseudonymise(label.EventId) : label.EventId, Pseudonymise(label.Entity), label.Label, label.TimeTicks);
    }
}
