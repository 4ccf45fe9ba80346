using StreamML.Core.Drift.Monitoring;

namespace StreamML.Grains.Options;

/// <summary>How drift is watched on the live stream (<c>StreamML:Drift</c>).</summary>
public sealed class DriftOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "StreamML:Drift";

    /// <summary>Whether drift monitors run.</summary>
    /// <value>The default value is true.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>How often each silo sends its samples to the monitors.</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most events a silo samples per model, scope and report (uniformly, by reservoir sampling).</summary>
    /// <value>The default value is 1,000.</value>
    public int SamplesPerReport { get; set; } = 1_000;

    /// <summary>Detections kept per model and scope.</summary>
    /// <value>The default value is 100.</value>
    public int History { get; set; } = 100;

    /// <summary>Reference and window sizes, the PSI threshold, hysteresis, cooldown and the concept detector.</summary>
    public DriftMonitorOptions Monitor { get; set; } = new();
}
