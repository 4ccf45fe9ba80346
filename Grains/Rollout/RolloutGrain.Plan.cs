using StreamML.Core.Metrics;
using StreamML.Core.Tasks;
using StreamML.GrainInterfaces.Rollout;
using StreamML.Grains.Options;

namespace StreamML.Grains.Rollout;

/// <summary>How a rollout request becomes a plan: the configured defaults fill what the request leaves out, and every limit is checked.</summary>
internal sealed partial class RolloutGrain
{
    private RolloutPlan Resolve(RolloutRequest request, int champion, string actor)
    {
        var defaults = context.Model.Rollout;
        var task = context.Schema.Task;
        var mode = request.Mode ?? defaults.AutoRollout.RolloutMode() ?? RolloutMode.Canary;
        var steps = mode == RolloutMode.Shadow ? [0] : request.Steps ?? defaults.ParseSteps();
        if (mode == RolloutMode.Canary && RolloutOptions.CheckSteps(steps) is { } problem)
        {
            throw new ArgumentException("steps " + problem);
        }

        var metricText = request.Metric ?? (defaults.Metric.Length > 0 ? defaults.Metric : null);
        var metric = task.Kind().DefaultGateMetric;
        if (metricText is not null && !GateMetrics.TryParse(metricText, out metric))
        {
            throw new ArgumentException($"metric '{metricText}' is not one of accuracy, log_loss, auc, mae, rmse");
        }

        if (!task.Kind().Gates(metric))
        {
            throw new ArgumentException($"metric '{metric.Name()}' does not apply to a {task} model");
        }

        var margin = request.Margin ?? defaults.Margin;
        var minLabelled = request.MinLabelled ?? defaults.MinLabelled;
        if (margin is < 0 or > 1 || double.IsNaN(margin) || minLabelled < 1)
        {
            throw new ArgumentException("margin must be between 0 and 1 and minLabelled at least 1");
        }

        var maxError = request.MaxErrorRate ?? (defaults.MaxErrorRate > 0 ? defaults.MaxErrorRate : null);
        var maxMiss = request.MaxMissRate ?? (defaults.MaxMissRate > 0 ? defaults.MaxMissRate : null);
        if (maxError is < 0 or > 1 || maxMiss is < 0 or > 1)
        {
            throw new ArgumentException("maxErrorRate and maxMissRate must be between 0 and 1");
        }

        var maxLatencyRatio = request.MaxLatencyRatio ?? defaults.MaxLatencyRatio;
        var maxP99 = request.MaxP99 ?? defaults.MaxP99;
        if (!(maxLatencyRatio == 0 || (maxLatencyRatio >= 1 && maxLatencyRatio <= 1_000)) || maxP99 < TimeSpan.Zero || maxP99 > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException("maxLatencyRatio must be 0 (off) or between 1 and 1000, and maxP99 between 0 (off) and 1 minute");
        }

        return new RolloutPlan
        {
            Version = request.Version,
            Champion = champion,
            Mode = mode,
            Steps = steps,
            MinLabelled = minLabelled,
            Margin = margin,
            Metric = metric.Name(),
            MaxErrorRate = maxError,
            MaxMissRate = maxMiss,
            Actor = actor,
            MaxLatencyRatio = maxLatencyRatio > 0 ? maxLatencyRatio : null,
            MaxP99 = maxP99 > TimeSpan.Zero ? maxP99 : null,
            MinLatencySamples = defaults.MinLatencySamples,
        };
    }
}
