namespace StreamML.Core.Metrics;

/// <summary>The log-loss term of one prediction, with probabilities clipped away from 0 and 1 so one confident miss stays finite.</summary>
internal static class LogLossMath
{
    /// <summary>Probabilities are clipped to [Epsilon, 1 - Epsilon].</summary>
    public const double Epsilon = 1e-15;

    /// <summary>-log of the probability given to the observed outcome.</summary>
    public static double Term(double probabilityOfObserved) => -Math.Log(Math.Clamp(probabilityOfObserved, Epsilon, 1 - Epsilon));
}
