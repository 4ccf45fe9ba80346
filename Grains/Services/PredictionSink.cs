using Microsoft.Extensions.Options;
using StreamML.Core.Events;
using StreamML.Grains.Options;

namespace StreamML.Grains.Services;

/// <summary>Where entities send their predictions: records latency and anomaly scores and hands each prediction to the registered observers.</summary>
public sealed class PredictionSink(PlatformInstruments instruments, IEnumerable<IPredictionObserver> observers, IOptions<AnomalyOptions> anomaly)
{
    private readonly IPredictionObserver[] _observers = [.. observers];
    private readonly double _entityThreshold = anomaly.Value.EntityThreshold;
    private readonly double _modelThreshold = anomaly.Value.ModelThreshold;

    /// <summary>Emits one prediction.</summary>
    public void Write(in Prediction prediction)
    {
        if (prediction.IngestTicks > 0)
        {
            instruments.EndToEnd(TimeSpan.FromTicks(Math.Max(0, prediction.ScoredTicks - prediction.IngestTicks)));
        }

        instruments.Anomaly(prediction.AnomalyScore, prediction.ModelAnomalyScore, _entityThreshold, _modelThreshold);
        foreach (var observer in _observers)
        {
            observer.OnPrediction(prediction);
        }
    }
}
