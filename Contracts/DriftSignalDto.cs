namespace StreamML.Contracts;

/// <summary>The latest figures of one drift signal (a feature, the score, or the error stream).</summary>
/// <param name="Signal">The signal's name.</param>
/// <param name="Kind">What kind of drift it watches (data, prediction, concept).</param>
/// <param name="ReferenceCount">Values in the reference window.</param>
/// <param name="CurrentCount">Values in the current window.</param>
/// <param name="Psi">Population stability index between the windows, once both have values.</param>
/// <param name="JensenShannon">Jensen–Shannon distance between the windows, once both have values.</param>
/// <param name="Drift">Whether the signal is drifting now.</param>
public sealed record DriftSignalDto(string Signal, string Kind, int ReferenceCount, int CurrentCount, double? Psi, double? JensenShannon, bool Drift);
