using System.Collections.Concurrent;
using StreamML.Core.Events;
using StreamML.Grains.Services;
using StreamML.Testing.Infrastructure;

namespace StreamML.Testing.Platform;

/// <summary>
/// Records every prediction the silos of a test make (shared across the silos of one process). A prediction is observed
/// on the entity's turn after its state took the event, so a test that waited here reads that state at once.
/// </summary>
public sealed class PredictionRecorder : IPredictionObserver
{
    private readonly ConcurrentDictionary<string, int> _byEvent = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _byEntity = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Prediction> _all = new();
    private readonly ChangeSignal _changed = new();
    private long _count;

    /// <summary>Predictions made so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>How many predictions each event id got.</summary>
    public IReadOnlyDictionary<string, int> ByEvent => _byEvent;

    /// <summary>Every prediction, in the order they were made.</summary>
    public IReadOnlyCollection<Prediction> All => _all;

    /// <inheritdoc />
    public void OnPrediction(in Prediction prediction)
    {
        _byEvent.AddOrUpdate(prediction.EventId, 1, static (_, n) => n + 1);
        _byEntity.AddOrUpdate(prediction.Entity, 1, static (_, n) => n + 1);
        _all.Enqueue(prediction);
        Interlocked.Increment(ref _count);
        _changed.Notify();
    }

    /// <summary>Waits until at least <paramref name="count"/> predictions were made; fails after <paramref name="timeout"/>.</summary>
    public Task WaitForCountAsync(long count, TimeSpan timeout) =>
        _changed.WaitUntilAsync(() => Count >= count, timeout, $"{count} predictions");

    /// <summary>Waits until <paramref name="entity"/> got at least <paramref name="count"/> predictions; fails after <paramref name="timeout"/>.</summary>
    public Task WaitForEntityAsync(string entity, int count, TimeSpan timeout) =>
        _changed.WaitUntilAsync(() => _byEntity.GetValueOrDefault(entity) >= count, timeout, $"{count} predictions for {entity}");
}
