using StreamML.Core.Events;

namespace StreamML.Grains.Services;

/// <summary>
/// Receives every prediction the silo makes, on the entity's thread: implementations must be fast and thread-safe
/// (count, enqueue, aggregate), never call a grain per prediction.
/// </summary>
public interface IPredictionObserver
{
    /// <summary>Called once per prediction.</summary>
    void OnPrediction(in Prediction prediction);
}
