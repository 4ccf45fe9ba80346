using Microsoft.Extensions.Options;
using StreamML.Core.Metrics;

namespace StreamML.Grains.Options;

/// <summary>Validates <see cref="RolloutOptions"/>, reporting every problem at once.</summary>
public sealed class RolloutOptionsValidator : IValidateOptions<RolloutOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RolloutOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new ValidateOptionsResultBuilder();
        if (!Enum.IsDefined(options.AutoRollout))
        {
            result.AddError($"Model.Rollout.AutoRollout '{options.AutoRollout}' is not one of Canary, Shadow, None.");
        }

        try
        {
            if (RolloutOptions.CheckSteps(options.ParseSteps()) is { } problem)
            {
                result.AddError("Model.Rollout.Steps " + problem);
            }
        }
        catch (FormatException)
        {
            result.AddError($"Model.Rollout.Steps '{options.Steps}' must be numbers separated by commas.");
        }

        if (options.MinLabelled < 1)
        {
            result.AddError("Model.Rollout.MinLabelled must be at least 1.");
        }

        if (options.Margin is < 0 or > 1 || double.IsNaN(options.Margin))
        {
            result.AddError("Model.Rollout.Margin must be between 0 and 1.");
        }

        if (options.Metric.Length > 0 && !GateMetrics.TryParse(options.Metric, out _))
        {
            result.AddError($"Model.Rollout.Metric '{options.Metric}' is not one of accuracy, log_loss, auc, mae, rmse.");
        }

        if (options.MaxErrorRate is < 0 or > 1 || options.MaxMissRate is < 0 or > 1)
        {
            result.AddError("Model.Rollout.MaxErrorRate and MaxMissRate must be between 0 and 1.");
        }

        if (!(options.MaxLatencyRatio == 0 || (options.MaxLatencyRatio >= 1 && options.MaxLatencyRatio <= 1_000)))
        {
            result.AddError("Model.Rollout.MaxLatencyRatio must be 0 (off) or between 1 and 1000.");
        }

        if (options.MaxP99 < TimeSpan.Zero || options.MaxP99 > TimeSpan.FromMinutes(1))
        {
            result.AddError("Model.Rollout.MaxP99 must be between zero (off) and 1 minute.");
        }

        if (options.LatencySlack < TimeSpan.Zero)
        {
            result.AddError("Model.Rollout.LatencySlack must not be negative.");
        }

        if (options.MinLatencySamples < 1)
        {
            result.AddError("Model.Rollout.MinLatencySamples must be at least 1.");
        }

        if (options.ReportInterval < TimeSpan.FromMilliseconds(10) || options.ReportInterval > TimeSpan.FromMinutes(1))
        {
            result.AddError("Model.Rollout.ReportInterval must be between 10 ms and 1 minute.");
        }

        if (options.WindowBucketLabels < 1 || options.WindowBuckets < 1 || options.AuditCapacity < 1)
        {
            result.AddError("Model.Rollout.WindowBucketLabels, WindowBuckets and AuditCapacity must be at least 1.");
        }

        return result.Build();
    }
}
