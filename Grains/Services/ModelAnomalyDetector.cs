using Microsoft.Extensions.Options;
using StreamML.Core.Anomaly;
using StreamML.Grains.Options;

namespace StreamML.Grains.Services;

/// <summary>
/// The silo's model-level anomaly detector: Half-Space Trees over the feature vectors of every prediction this silo makes,
/// scored and learned in the same step. Shared by all entity groups of the silo; a short lock guards each step.
/// </summary>
public sealed class ModelAnomalyDetector
{
    private readonly AdaptiveHalfSpaceTrees? _trees;
    private readonly Lock _lock = new();

    /// <summary>Creates the detector for the platform's feature vector.</summary>
    public ModelAnomalyDetector(PlatformContext context, IOptions<AnomalyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        if (o.ModelDetector)
        {
            _trees = new AdaptiveHalfSpaceTrees(
                context.Plan.VectorLength,
                new HalfSpaceTreesOptions { Trees = o.Trees, Height = o.Height, WindowSize = o.WindowSize, Seed = o.Seed });
        }
    }

    /// <summary>Whether the detector is on.</summary>
    public bool Enabled => _trees is not null;

    /// <summary>Scores a feature vector and learns it; NaN when off, still measuring ranges, or before its first full window.</summary>
    public float ScoreAndLearn(ReadOnlySpan<float> features)
    {
        if (_trees is null || features.Length != _trees.Dimensions)
        {
            return float.NaN;
        }

        lock (_lock)
        {
            return (float)_trees.ScoreAndLearn(features);
        }
    }
}
