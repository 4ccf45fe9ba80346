using System.Collections.Concurrent;
using StreamML.Core.Events;
using StreamML.Grains.Services;

namespace StreamML.Grains.Tests.Infrastructure;

/// <summary>Records every prediction every silo of a test cluster makes (shared across silos of one process).</summary>
public sealed class PredictionRecorder : IPredictionObserver
{
    private readonly ConcurrentDictionary<string, int> _byEvent = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Prediction> _all = new();
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public IReadOnlyDictionary<string, int> ByEvent => _byEvent;

    public IReadOnlyCollection<Prediction> All => _all;

    public void OnPrediction(in Prediction prediction)
    {
        Interlocked.Increment(ref _count);
        _byEvent.AddOrUpdate(prediction.EventId, 1, static (_, n) => n + 1);
        _all.Enqueue(prediction);
    }
}
