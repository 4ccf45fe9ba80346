using System.Globalization;
using Microsoft.Extensions.Logging;
using StreamML.GrainInterfaces;

namespace StreamML.Grains.Services;

/// <summary>
/// The silo's dead-letter queue: validation failures and late events, appended to the dead-letter store in batches.
/// Every text field is cut to a bounded length on the way in, so no input can make a dead letter large.
/// </summary>
public sealed class DeadLetterSink(IGrainFactory grains, PlatformInstruments instruments, TimeProvider time, ILogger<DeadLetterSink> logger)
    : BatchingSink<DeadLetter>("deadletters", 100_000, instruments, time, logger)
{
    /// <summary>Longest payload text kept with a dead letter.</summary>
    public const int MaxPayloadChars = 4_096;

    /// <summary>Longest message kept with a dead letter.</summary>
    public const int MaxMessageChars = 1_024;

    /// <summary>Longest reason, source, entity or event id kept with a dead letter.</summary>
    public const int MaxFieldChars = 256;

    /// <summary>The reason of the record that stands for the invalid items of one request beyond those stored.</summary>
    public const string OmittedReason = "Omitted";

    /// <summary>Records a dead letter (waiting if the queue is full) and counts it as an invalid event.</summary>
    public ValueTask AddAsync(DeadLetter letter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letter);
        Instruments.Invalid(letter.Reason);
        return WriteAsync(Trim(letter), cancellationToken);
    }

    /// <summary>
    /// Records the dead letters of one request and, when some of its invalid items were left out, one record saying how
    /// many and why (each left-out item is still counted as an invalid event).
    /// </summary>
    /// <param name="letters">The dead letters kept.</param>
    /// <param name="omitted">How many invalid items were left out, by reason.</param>
    /// <param name="source">The source the request came through.</param>
    /// <param name="cancellationToken">Cancels waiting for room in the queue.</param>
    public async ValueTask AddRequestAsync(IReadOnlyList<DeadLetter> letters, IReadOnlyDictionary<string, int> omitted, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letters);
        ArgumentNullException.ThrowIfNull(omitted);
        foreach (var letter in letters)
        {
            await AddAsync(letter, cancellationToken).ConfigureAwait(false);
        }

        if (omitted.Count == 0)
        {
            return;
        }

        foreach (var (reason, count) in omitted)
        {
            Instruments.Invalid(reason, count);
        }

        var byReason = string.Join(", ", omitted.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key} {r.Value}")));
        await WriteAsync(
            Trim(new DeadLetter
            {
                Reason = OmittedReason,
                Message = string.Create(CultureInfo.InvariantCulture, $"{omitted.Values.Sum()} more invalid items of this request were not stored (the first {letters.Count} were): {byReason}"),
                Source = source,
            }),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a dead letter from inside a grain, never waiting.</summary>
    public bool TryAdd(DeadLetter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        Instruments.Invalid(letter.Reason);
        return TryWrite(Trim(letter));
    }

    /// <inheritdoc />
    protected override Task DeliverAsync(DeadLetter[] batch) => grains.GetGrain<IDeadLetterGrain>(0).AppendAsync(batch);

    private DeadLetter Trim(DeadLetter letter) =>
        letter with
        {
            At = letter.At == default ? Time.GetUtcNow() : letter.At,
            Reason = Cut(letter.Reason, MaxFieldChars)!,
            Message = Cut(letter.Message, MaxMessageChars)!,
            Source = Cut(letter.Source, MaxFieldChars)!,
            Entity = Cut(letter.Entity, MaxFieldChars),
            EventId = Cut(letter.EventId, MaxFieldChars),
            Payload = Cut(letter.Payload, MaxPayloadChars),
        };

    /// <summary>The first <paramref name="max"/> characters, one fewer when the cut would split a surrogate pair.</summary>
    internal static string? Cut(string? text, int max)
    {
        if (text is null || text.Length <= max)
        {
            return text;
        }

        return char.IsHighSurrogate(text[max - 1]) ? text[..(max - 1)] : text[..max];
    }
}
