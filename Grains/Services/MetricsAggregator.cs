using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StreamML.Core.Entities;
using StreamML.Core.Metrics;
using StreamML.Core.Models;
using StreamML.GrainInterfaces;
using StreamML.GrainInterfaces.Rollout;

namespace StreamML.Grains.Services;

/// <summary>
/// The silo's per-version metric sums: entity groups add a whole label batch (or a scoring batch's canary counts) in one
/// call under one short lock; every <c>Model.Rollout.ReportInterval</c> the sums are swapped for empty ones and sent to the
/// model's <see cref="IRolloutGrain"/>. A report that cannot be delivered is merged back into the next, so nothing is
/// lost while the silo runs. Each report also carries the routed versions' scoring time since the previous one (for the
/// gate's latency guard). Also exports the labelled predictions per version as metrics.
/// </summary>
public sealed partial class MetricsAggregator : BackgroundService
{
    private readonly IGrainFactory _grains;
    private readonly PlatformContext _context;
    private readonly ModelRouter _router;
    private readonly ILogger<MetricsAggregator> _logger;
    private readonly Counter<long> _labelled;
    private readonly Counter<long> _correct;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private Pending _pending = new();

    // Each loaded version's cumulative scoring-time buckets as of the last delivered report (guarded by _flushing).
    private Dictionary<ScoringModel, long[]> _latencySent = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates the aggregator.</summary>
    public MetricsAggregator(IGrainFactory grains, PlatformContext context, ModelRouter router, IMeterFactory meterFactory, ILogger<MetricsAggregator> logger)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _grains = grains;
        _context = context;
        _router = router;
        _logger = logger;
#pragma warning disable CA2000 // the meter factory owns and disposes the meters it creates
        var meter = meterFactory.Create(StreamMLDiagnostics.MeterName);
#pragma warning restore CA2000
        _labelled = meter.CreateCounter<long>("streamml.model.labelled", unit: "{prediction}", description: "Labelled predictions, by model, version and role (served or shadow).");
        _correct = meter.CreateCounter<long>("streamml.model.correct", unit: "{prediction}", description: "Correct labelled class predictions, by model, version and role; divide by streamml.model.labelled for accuracy.");
    }

    /// <summary>Reports sent to the rollout grain since start.</summary>
    public long ReportsSent { get; private set; }

    /// <summary>
    /// Adds one label batch: the joined predictions (their features are not read) and the outcome counts of the whole
    /// batch. One call per batch, never per label.
    /// </summary>
    public void RecordLabels(IReadOnlyList<LabelledPrediction> joined, LabelBatchResult outcomes)
    {
        ArgumentNullException.ThrowIfNull(joined);
        var task = _context.Schema.Task;
        lock (_lock)
        {
            var p = _pending;
            foreach (var j in joined)
            {
                if (j.ModelVersion > 0 && Sums(p.Served, j.ModelVersion, task) is var served && served.Add(j.Label, j.Score, j.Probability) && j.ServedClasses is { } s)
                {
                    served.AddClassProbabilities(j.Label, s);
                }

                if (j.ShadowVersion > 0 && Sums(p.Shadow, j.ShadowVersion, task) is var shadow && shadow.Add(j.Label, j.ShadowScore, j.ShadowProbability) && j.ShadowClasses is { } c)
                {
                    shadow.AddClassProbabilities(j.Label, c);
                }
            }

            p.Matched += outcomes.Matched;
            p.Unmatched += outcomes.Unmatched;
            p.Duplicates += outcomes.Duplicates;
            p.Late += outcomes.Expired;
        }
    }

    /// <summary>Adds one scoring batch's canary counts: events of canary-share entities, and those the challenger did not serve.</summary>
    public void RecordCanary(int routed, int missed)
    {
        if (routed == 0)
        {
            return;
        }

        lock (_lock)
        {
            _pending.CanaryRouted += routed;
            _pending.CanaryMissed += missed;
        }
    }

    /// <summary>Sends what was gathered since the last report (nothing when nothing was gathered).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _flushing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Pending taken;
            lock (_lock)
            {
                taken = _pending;
                _pending = new Pending();
            }

            var (latency, latencyNow) = ScoringLatencySinceLastReport();
            var report = taken.ToReport() with { ScoringLatency = latency };
            if (report.IsEmpty)
            {
                return;
            }

            try
            {
                await _grains.GetGrain<IRolloutGrain>(_context.ModelName).ReportAsync(report).ConfigureAwait(false);
                _latencySent = latencyNow;
                ReportsSent++;
                Export(report);
            }
            catch
            {
                lock (_lock)
                {
                    _pending.MergeFrom(taken);
                }

                throw;
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_context.Model.Rollout.ReportInterval, _context.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await TryFlushAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: one last report, so a silo that leaves does not take its last second of labels with it.
            await TryFlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _flushing.Dispose();
        base.Dispose();
    }

    private async Task TryFlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReportFailed(ex, _context.ModelName);
        }
    }

    /// <summary>
    /// The scoring time of the routed versions since the last delivered report (each loaded version keeps a cumulative
    /// histogram), and the cumulative counts to remember once this report is delivered. A version unrouted between two
    /// reports loses the calls it scored after the last one.
    /// </summary>
    private (Dictionary<int, long[]> Delta, Dictionary<ScoringModel, long[]> Now) ScoringLatencySinceLastReport()
    {
        var routed = _router.Current;
        var delta = new Dictionary<int, long[]>();
        var now = new Dictionary<ScoringModel, long[]>(ReferenceEqualityComparer.Instance);
        foreach (var model in new[] { routed.Champion, routed.Challenger })
        {
            if (model is null || now.ContainsKey(model))
            {
                continue;
            }

            var counts = LatencyHistogram.NewBuckets();
            model.Latency.CopyTo(counts);
            now[model] = counts;
            var sent = _latencySent.GetValueOrDefault(model);
            var diff = LatencyHistogram.NewBuckets();
            long total = 0;
            for (var i = 0; i < diff.Length; i++)
            {
                diff[i] = counts[i] - (sent?[i] ?? 0);
                total += diff[i];
            }

            if (total > 0)
            {
                delta[model.Info.Version] = diff;
            }
        }

        return (delta, now);
    }

    private void Export(MetricsReport report)
    {
        var model = new KeyValuePair<string, object?>("model", _context.ModelName);
        foreach (var (role, sums) in new[] { ("served", report.Served), ("shadow", report.Shadow) })
        {
            foreach (var (version, aggregate) in sums)
            {
                var tags = new System.Diagnostics.TagList { model, { "version", version }, { "role", role } };
                _labelled.Add(aggregate.Count, tags);
                if (_context.Plan.TaskKind.IsClassifier)
                {
                    _correct.Add(aggregate.Correct, tags);
                }
            }
        }
    }

    private static MetricAggregate Sums(Dictionary<int, MetricAggregate> sums, int version, Core.Schema.ModelTask task)
    {
        if (!sums.TryGetValue(version, out var aggregate))
        {
            aggregate = new MetricAggregate(task);
            sums.Add(version, aggregate);
        }

        return aggregate;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not report the metrics of model {Model}; keeping them for the next report")]
    private partial void LogReportFailed(Exception exception, string model);

    private sealed class Pending
    {
        public Dictionary<int, MetricAggregate> Served { get; } = [];

        public Dictionary<int, MetricAggregate> Shadow { get; } = [];

        public long Matched { get; set; }

        public long Unmatched { get; set; }

        public long Duplicates { get; set; }

        public long Late { get; set; }

        public long CanaryRouted { get; set; }

        public long CanaryMissed { get; set; }

        public MetricsReport ToReport() => new()
        {
            Served = Served,
            Shadow = Shadow,
            Matched = Matched,
            Unmatched = Unmatched,
            Duplicates = Duplicates,
            Late = Late,
            CanaryRouted = CanaryRouted,
            CanaryMissed = CanaryMissed,
        };

        public void MergeFrom(Pending other)
        {
            MergeSums(Served, other.Served);
            MergeSums(Shadow, other.Shadow);
            Matched += other.Matched;
            Unmatched += other.Unmatched;
            Duplicates += other.Duplicates;
            Late += other.Late;
            CanaryRouted += other.CanaryRouted;
            CanaryMissed += other.CanaryMissed;
        }

        private static void MergeSums(Dictionary<int, MetricAggregate> into, Dictionary<int, MetricAggregate> from)
        {
            foreach (var (version, sums) in from)
            {
                if (into.TryGetValue(version, out var existing))
                {
                    existing.Merge(sums);
                }
                else
                {
                    into.Add(version, sums);
                }
            }
        }
    }
}
