using StreamML.Core.Events;

namespace StreamML.Grains.Services;

/// <summary>Where entities send their predictions: records latency and hands each prediction to the registered observers.</summary>
public sealed class PredictionSink(PlatformInstruments instruments, IEnumerable<IPredictionObserver> observers)
{
    private readonly IPredictionObserver[] _observers = [.. observers];

    /// <summary>Emits one prediction.</summary>
    public void Write(in Prediction prediction)
    {
        if (prediction.IngestTicks > 0)
        {
            instruments.EndToEnd(TimeSpan.FromTicks(Math.Max(0, prediction.ScoredTicks - prediction.IngestTicks)));
        }

        foreach (var observer in _observers)
        {
            observer.OnPrediction(prediction);
        }
    }
}
