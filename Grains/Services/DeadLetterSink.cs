using Microsoft.Extensions.Logging;
using StreamML.GrainInterfaces;

namespace StreamML.Grains.Services;

/// <summary>The silo's dead-letter queue: validation failures and late events, appended to the dead-letter store in batches.</summary>
public sealed class DeadLetterSink(IGrainFactory grains, PlatformInstruments instruments, TimeProvider time, ILogger<DeadLetterSink> logger)
    : BatchingSink<DeadLetter>(100_000, time, logger)
{
    /// <summary>Longest payload text kept with a dead letter.</summary>
    public const int MaxPayloadChars = 4_096;

    /// <summary>Records a dead letter (waiting if the queue is full) and counts it as an invalid event.</summary>
    public ValueTask AddAsync(DeadLetter letter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letter);
        instruments.Invalid(letter.Reason);
        return WriteAsync(Trim(letter), cancellationToken);
    }

    /// <summary>Records a dead letter from inside a grain, never waiting.</summary>
    public bool TryAdd(DeadLetter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        instruments.Invalid(letter.Reason);
        return TryWrite(Trim(letter));
    }

    /// <inheritdoc />
    protected override Task DeliverAsync(DeadLetter[] batch) => grains.GetGrain<IDeadLetterGrain>(0).AppendAsync(batch);

    private DeadLetter Trim(DeadLetter letter) =>
        letter with
        {
            At = letter.At == default ? Time.GetUtcNow() : letter.At,
            Payload = letter.Payload is { Length: > MaxPayloadChars } p ? p[..MaxPayloadChars] : letter.Payload,
        };
}
