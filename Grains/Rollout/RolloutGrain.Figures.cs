using StreamML.Core.Metrics;

namespace StreamML.Grains.Rollout;

/// <summary>The rollout's figures: live windows of per-version sums, and scoring latency per side of a step.</summary>
internal sealed partial class RolloutGrain
{
    private void AddToWindows(Dictionary<int, List<MetricAggregate>> windows, Dictionary<int, MetricAggregate> sums)
    {
        var options = context.Model.Rollout;
        foreach (var (version, aggregate) in sums)
        {
            if (!windows.TryGetValue(version, out var buckets))
            {
                buckets = [];
                windows.Add(version, buckets);
            }

            if (buckets.Count == 0 || buckets[^1].Count >= options.WindowBucketLabels)
            {
                buckets.Add(aggregate.Clone());
            }
            else
            {
                buckets[^1].Merge(aggregate);
            }

            if (buckets.Count > options.WindowBuckets)
            {
                buckets.RemoveAt(0);
            }
        }

        // Bounded: the live figures of the newest versions only.
        foreach (var old in windows.Keys.OrderByDescending(v => v).Skip(8).ToList())
        {
            windows.Remove(old);
        }
    }

    private static Dictionary<int, Dictionary<string, double>> Live(Dictionary<int, List<MetricAggregate>> windows) =>
        windows.ToDictionary(kv => kv.Key, kv =>
        {
            var merged = kv.Value[0].Clone();
            foreach (var bucket in kv.Value.Skip(1))
            {
                merged.Merge(bucket);
            }

            return Figures(merged);
        });

    private static Dictionary<string, double> Figures(MetricAggregate? sums) =>
        sums is null ? [] : new Dictionary<string, double>(sums.Figures().ToDictionary(), StringComparer.Ordinal);

    /// <summary>Adds a side's scoring calls and p99 over the step (latency_count, latency_p99_ms) when it has any.</summary>
    private static Dictionary<string, double> WithLatency(Dictionary<string, double> figures, long[]? latency)
    {
        if (Calls(latency) > 0)
        {
            figures["latency_count"] = Calls(latency);
            figures["latency_p99_ms"] = P99Milliseconds(latency);
        }

        return figures;
    }

    private static void Add(MetricAggregate into, MetricAggregate? sums)
    {
        if (sums is not null)
        {
            into.Merge(sums);
        }
    }

    private static long[]? AddLatency(long[]? into, long[]? buckets)
    {
        if (buckets is null || buckets.Length != LatencyHistogram.NewBuckets().Length)
        {
            return into;
        }

        into ??= LatencyHistogram.NewBuckets();
        for (var i = 0; i < into.Length; i++)
        {
            into[i] += buckets[i];
        }

        return into;
    }

    private static long Calls(long[]? buckets) => buckets?.Sum() ?? 0;

    private static double P99Milliseconds(long[]? buckets) => buckets is null ? double.NaN : LatencyHistogram.Quantile(buckets, 0.99) / 1_000;
}
