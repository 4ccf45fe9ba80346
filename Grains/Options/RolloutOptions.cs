using System.Globalization;
using StreamML.Core.Metrics;

namespace StreamML.Grains.Options;

/// <summary>How new versions are rolled out, and the defaults of a rollout started without settings.</summary>
public sealed class RolloutOptions
{
    /// <summary>What retraining does with a new version: Canary, Shadow, or None (it stays a candidate).</summary>
    /// <value>The default is Canary.</value>
    public string AutoRollout { get; set; } = "Canary";

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

    /// <summary>Returns every problem with the options at once.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!string.Equals(AutoRollout, "Canary", StringComparison.OrdinalIgnoreCase) && !string.Equals(AutoRollout, "Shadow", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(AutoRollout, "None", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"Model.Rollout.AutoRollout '{AutoRollout}' is not one of Canary, Shadow, None.");
        }

        try
        {
            if (CheckSteps(ParseSteps()) is { } problem)
            {
                errors.Add("Model.Rollout.Steps " + problem);
            }
        }
        catch (FormatException)
        {
            errors.Add($"Model.Rollout.Steps '{Steps}' must be numbers separated by commas.");
        }

        if (MinLabelled < 1)
        {
            errors.Add("Model.Rollout.MinLabelled must be at least 1.");
        }

        if (Margin is < 0 or > 1 || double.IsNaN(Margin))
        {
            errors.Add("Model.Rollout.Margin must be between 0 and 1.");
        }

        if (Metric.Length > 0 && !GateMetrics.TryParse(Metric, out _))
        {
            errors.Add($"Model.Rollout.Metric '{Metric}' is not one of accuracy, log_loss, auc, mae, rmse.");
        }

        if (MaxErrorRate is < 0 or > 1 || MaxMissRate is < 0 or > 1)
        {
            errors.Add("Model.Rollout.MaxErrorRate and MaxMissRate must be between 0 and 1.");
        }

        if (!(MaxLatencyRatio == 0 || (MaxLatencyRatio >= 1 && MaxLatencyRatio <= 1_000)))
        {
            errors.Add("Model.Rollout.MaxLatencyRatio must be 0 (off) or between 1 and 1000.");
        }

        if (MaxP99 < TimeSpan.Zero || MaxP99 > TimeSpan.FromMinutes(1))
        {
            errors.Add("Model.Rollout.MaxP99 must be between zero (off) and 1 minute.");
        }

        if (LatencySlack < TimeSpan.Zero)
        {
            errors.Add("Model.Rollout.LatencySlack must not be negative.");
        }

        if (MinLatencySamples < 1)
        {
            errors.Add("Model.Rollout.MinLatencySamples must be at least 1.");
        }

        if (ReportInterval < TimeSpan.FromMilliseconds(10) || ReportInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add("Model.Rollout.ReportInterval must be between 10 ms and 1 minute.");
        }

        if (WindowBucketLabels < 1 || WindowBuckets < 1 || AuditCapacity < 1)
        {
            errors.Add("Model.Rollout.WindowBucketLabels, WindowBuckets and AuditCapacity must be at least 1.");
        }

        return errors;
    }

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
