namespace StreamML.Grains.Options;

/// <summary>How predictions are scored for anomalies, and which scores count as anomalies.</summary>
public sealed class AnomalyOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "StreamML:Anomaly";

    /// <summary>Whether the silo-local Half-Space Trees score each prediction's feature vector (the per-entity score is always on).</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool ModelDetector { get; set; } = true;

    /// <summary>
    /// A per-entity score (modified z-score) above this counts as an anomaly. 3.5 is the cut-off Iglewicz and Hoaglin
    /// recommend for the modified z-score.
    /// </summary>
    /// <value>The default value is 3.5.</value>
    public double EntityThreshold { get; set; } = 3.5;

    /// <summary>
    /// A model-level score (Half-Space Trees, in [0, 1]) above this counts as an anomaly. The score is a mass-based one
    /// normalised by its largest possible value, so ordinary events score well above 0.5; on the built-in generator's
    /// stream 97% score at most 0.9 and about 0.06% above 0.99.
    /// </summary>
    /// <value>The default value is 0.99.</value>
    public double ModelThreshold { get; set; } = 0.99;

    /// <summary>Number of trees of the model-level detector.</summary>
    /// <value>The default value is 10.</value>
    public int Trees { get; set; } = 10;

    /// <summary>Height of each tree.</summary>
    /// <value>The default value is 8.</value>
    public int Height { get; set; } = 8;

    /// <summary>Events per window of the model-level detector (the first window measures the features' ranges).</summary>
    /// <value>The default value is 250.</value>
    public int WindowSize { get; set; } = 250;

    /// <summary>Seed of the trees; every silo draws the same trees from the same seed.</summary>
    /// <value>The default value is 1.</value>
    public long Seed { get; set; } = 1;
}
