using StreamML.Core.Metrics;

namespace StreamML.Silo.Hosting;

/// <summary>What an in-process platform's silo has counted since it started, read at one moment by <see cref="InProcessPlatform.ReadFigures"/>.</summary>
public sealed class PlatformFigures
{
    private readonly long[] _latency;

    internal PlatformFigures(long predictions, long fallbacks, long activeEntities, int servingVersion, long[] latency)
    {
        Predictions = predictions;
        Fallbacks = fallbacks;
        ActiveEntities = activeEntities;
        ServingVersion = servingVersion;
        _latency = latency;
    }

    /// <summary>Predictions made.</summary>
    public long Predictions { get; }

    /// <summary>Fallback predictions made: those made while no model was ready.</summary>
    public long Fallbacks { get; }

    /// <summary>Entities held in memory.</summary>
    public long ActiveEntities { get; }

    /// <summary>The champion version the silo has loaded and serves, or 0 when it serves none.</summary>
    public int ServingVersion { get; }

    /// <summary>
    /// The time from ingest to prediction, in milliseconds, below which <paramref name="quantile"/> of the predictions made
    /// between <paramref name="earlier"/> and these figures fall (within about 9%); NaN when none was made.
    /// </summary>
    public double LatencyQuantileSince(PlatformFigures earlier, double quantile)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return LatencyHistogram.QuantileOfDelta(_latency, earlier._latency, quantile) / 1_000;
    }
}
