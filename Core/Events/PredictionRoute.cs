namespace StreamML.Core.Events;

/// <summary>Which model served a prediction.</summary>
public enum PredictionRoute
{
    /// <summary>No model was ready: an uninformative prediction, clearly marked, never mistaken for a model's output.</summary>
    Fallback = 0,

    /// <summary>The champion version.</summary>
    Champion = 1,

    /// <summary>The challenger version, for entities in the canary share.</summary>
    Canary = 2,
}
