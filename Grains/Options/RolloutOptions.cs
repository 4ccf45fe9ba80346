using System.Globalization;

namespace StreamML.Grains.Options;

/// <summary>How new versions are rolled out, and the defaults of a rollout started without settings.</summary>
public sealed class RolloutOptions
{
    /// <summary>What retraining does with a new version: Canary, Shadow, or None (it stays a candidate).</summary>
    /// <value>The default value is <see cref="AutoRolloutMode.Canary"/>.</value>
    public AutoRolloutMode AutoRollout { get; set; } = AutoRolloutMode.Canary;

    /// <summary>Canary shares of the ramp in percent, comma-separated, increasing; reaching 100 makes the challenger champion.</summary>
    /// <value>The default is "5,25,50,100".</value>
    public string Steps { get; set; } = "5,25,50,100";

    /// <summary>Labelled predictions the champion and the challenger each need in a step before the gate decides.</summary>
    /// <value>The default value is 500.</value>
    public long MinLabelled { get; set; } = 500;

    /// <summary>How much worse than the champion the challenger may be, relative to the champion's figure.</summary>
    /// <value>The default value is 0.02 (2%).</value>
    public double Margin { get; set; } = 0.02;

    /// <summary>The figure compared (accuracy, log_loss, auc, mae, rmse); empty: accuracy for classifiers, mae for regression.</summary>
    /// <value>The default is empty.</value>
    public string Metric { get; set; } = string.Empty;

    /// <summary>Guard: highest share of wrong class predictions the challenger may have; 0 turns it off.</summary>
    /// <value>The default value is 0 (off).</value>
    public double MaxErrorRate { get; set; }

    /// <summary>Guard: highest share of its canary events the challenger may fail to serve; 0 turns it off.</summary>
    /// <value>The default value is 0.05.</value>
    public double MaxMissRate { get; set; } = 0.05;

    /// <summary>
    /// Guard: the challenger's scoring p99 (per version, timed where the entity groups score) may be at most this many
    /// times the champion's over a step; 0 turns it off.
    /// </summary>
    /// <value>The default value is 1.5.</value>
    public double MaxLatencyRatio { get; set; } = 1.5;

    /// <summary>Guard: the highest scoring p99 the challenger may have over a step; zero turns it off.</summary>
    /// <value>The default is zero (off).</value>
    public TimeSpan MaxP99 { get; set; }

    /// <summary>Scoring calls each side needs in a step before the latency guards read its p99.</summary>
    /// <value>The default value is 1,000 (so the p99 is not just the slowest few calls).</value>
    public long MinLatencySamples { get; set; } = 1_000;

    /// <summary>
    /// How much higher than the champion's the challenger's p99 may always be: the ratio guard trips only beyond both
    /// <see cref="MaxLatencyRatio"/> and this difference (at microseconds a ratio measures noise, not cost).
    /// </summary>
    /// <value>The default value is 1 millisecond.</value>
    public TimeSpan LatencySlack { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>How often each silo sends its metric sums to the rollout grain.</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Labels per bucket of the live per-version window; the window keeps <see cref="WindowBuckets"/> buckets.</summary>
    /// <value>The default value is 1,000.</value>
    public long WindowBucketLabels { get; set; } = 1_000;

    /// <summary>Buckets of the live per-version window (the newest may be partly filled).</summary>
    /// <value>The default value is 10.</value>
    public int WindowBuckets { get; set; } = 10;

    /// <summary>Audit records kept per model (the newest).</summary>
    /// <value>The default value is 200.</value>
    public int AuditCapacity { get; set; } = 200;

    /// <summary>The ramp as numbers.</summary>
    public double[] ParseSteps() => [.. Steps.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture))];

    /// <summary>Why a ramp is unusable, or null: it needs 1 to 10 increasing shares above 0 and at most 100.</summary>
    public static string? CheckSteps(double[] steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Length is 0 or > 10)
        {
            return "must have 1 to 10 steps.";
        }

        for (var i = 0; i < steps.Length; i++)
        {
            if (!(steps[i] > 0 && steps[i] <= 100) || (i > 0 && steps[i] <= steps[i - 1]))
            {
                return "must be increasing percentages above 0 and at most 100.";
            }
        }

        return null;
    }
}
