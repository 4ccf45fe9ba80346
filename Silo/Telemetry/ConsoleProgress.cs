using System.Globalization;
using StreamML.Core.Metrics;
using StreamML.Grains.Pumps;
using StreamML.Grains.Services;

namespace StreamML.Silo.Telemetry;

/// <summary>
/// One progress line on the console at most once a second: events per second, p50/p99 latency from ingest to
/// prediction, active entities, the serving model version, the dead-letter count and the source's lag when it is measured.
/// </summary>
internal sealed class ConsoleProgress(PlatformInstruments instruments, ModelRouter router, DeadLetterSink deadLetters, IEnumerable<SourceLagMonitor> lags, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var previousBuckets = LatencyHistogram.NewBuckets();
        var buckets = LatencyHistogram.NewBuckets();
        var previousEvents = instruments.PredictionTotal;
        var previousAt = time.GetTimestamp();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                instruments.Latency.CopyTo(buckets);
                var events = instruments.PredictionTotal;
                var now = time.GetTimestamp();
                var rate = (events - previousEvents) / time.GetElapsedTime(previousAt, now).TotalSeconds;
                var p50 = LatencyHistogram.QuantileOfDelta(buckets, previousBuckets, 0.50) / 1_000;
                var p99 = LatencyHistogram.QuantileOfDelta(buckets, previousBuckets, 0.99) / 1_000;
                var routing = router.Current.Routing;
                var model = routing.Champion > 0
                    ? $"v{routing.Champion}" + (routing.Challenger > 0 ? $" (+v{routing.Challenger} {(routing.Shadow ? "shadow" : (routing.CanaryBasisPoints / 100.0).ToString("0.#", CultureInfo.InvariantCulture) + "%")})" : string.Empty)
                    : $"none yet ({instruments.FallbackTotal:N0} fallback predictions)";
                Console.Out.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"[streamml] {rate,9:N0} events/s | p50 {Format(p50)} p99 {Format(p99)} | entities {instruments.ActiveEntities:N0} | model {model} | predictions {events:N0} | dead-letter {deadLetters.Enqueued:N0}{LagNote()}{DriftNote(time.GetUtcNow())}"));
                (previousBuckets, buckets) = (buckets, previousBuckets);
                previousEvents = events;
                previousAt = now;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static string Format(double ms) => double.IsNaN(ms) ? "   -  " : ms < 10 ? ms.ToString("0.00", CultureInfo.InvariantCulture) + "ms" : ms.ToString("0", CultureInfo.InvariantCulture) + "ms";

    /// <summary>The events the source's partitions on this silo are behind their checkpoints, when measured.</summary>
    private string LagNote() => lags.FirstOrDefault()?.Total is { } total ? string.Create(CultureInfo.InvariantCulture, $" | lag {total:N0}") : string.Empty;

    /// <summary>The latest drift detection of this silo, for a minute after it happened.</summary>
    private string DriftNote(DateTimeOffset now)
    {
        if (instruments.LastDrift is not { } d || now - d.At > TimeSpan.FromMinutes(1))
        {
            return string.Empty;
        }

        var what = d.Kind switch
        {
            "concept" => $"errors ({d.Statistic})",
            "performance" => $"error {d.Value:0.###} live against {d.Threshold:0.###} held out",
            _ => $"{d.Signal} {d.Statistic} {d.Value:0.###}",
        };
        return string.Create(CultureInfo.InvariantCulture, $" | DRIFT {d.Kind} {d.Scope}: {what}, {(now - d.At).TotalSeconds:0}s ago");
    }
}
