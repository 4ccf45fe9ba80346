namespace StreamML.Core.Drift.Statistics;

/// <summary>Evidently's Wasserstein drift test.</summary>
/// <param name="Distance">The first Wasserstein distance between the samples.</param>
/// <param name="Normed">The distance divided by max(population std of the reference, 0.001).</param>
/// <param name="Drift">Whether the normed distance is at or above the threshold.</param>
public readonly record struct WassersteinDrift(double Distance, double Normed, bool Drift);
