using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StreamML.Core.Sources;

namespace StreamML.Grains.Pumps;

/// <summary>
/// The consumer lag of the partitions this silo pumps: every <see cref="Interval"/> it asks a source that can tell
/// (<see cref="ILagSource"/>) how many events lie between each partition's stored checkpoint and the end of its log, and
/// publishes the figures as the <c>streamml.source.lag</c> gauge, on <c>/readyz</c> and in the console line.
/// </summary>
/// <remarks>
/// It reads the checkpoint store, not the pumps, so the figure is what a new owner of the partition would have to read
/// again; a source that cannot be reached leaves its partitions without a figure until it answers.
/// </remarks>
public sealed partial class SourceLagMonitor : BackgroundService
{
    /// <summary>How often the lag is measured.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly Func<IEnumerable<int>> _partitions;
    private readonly IEventSource _source;
    private readonly ICheckpointStore _checkpoints;
    private readonly TimeProvider _time;
    private readonly ILogger<SourceLagMonitor> _logger;
    private FrozenDictionary<int, long> _lag = FrozenDictionary<int, long>.Empty;

    /// <summary>Creates the monitor of the partitions <paramref name="pumps"/> runs.</summary>
    public SourceLagMonitor(PumpHost pumps, IEventSource source, ICheckpointStore checkpoints, IMeterFactory meters, TimeProvider time, ILogger<SourceLagMonitor> logger)
        : this(() => pumps.Status.Select(s => s.Partition), source, checkpoints, meters, time, logger)
    {
    }

    internal SourceLagMonitor(Func<IEnumerable<int>> partitions, IEventSource source, ICheckpointStore checkpoints, IMeterFactory meters, TimeProvider time, ILogger<SourceLagMonitor> logger)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _partitions = partitions;
        _source = source;
        _checkpoints = checkpoints;
        _time = time;
        _logger = logger;
        meters.Create(StreamMLDiagnostics.MeterName).CreateObservableGauge(
            StreamMLDiagnostics.SourceLag, Observe, unit: "{event}", description: "Events between each source partition's checkpoint and the end of its log.");
    }

    /// <summary>The source measured.</summary>
    public string SourceName => _source.Name;

    /// <summary>Whether the source can tell its lag at all.</summary>
    public bool Measures => _source is ILagSource;

    /// <summary>The lag of each partition measured at the last look.</summary>
    public IReadOnlyDictionary<int, long> Lag => _lag;

    /// <summary>The lag of <paramref name="partition"/> at the last look, or null when it has none.</summary>
    public long? LagOf(int partition) => _lag.TryGetValue(partition, out var lag) ? lag : null;

    /// <summary>The lag of every partition measured, summed; null when none was.</summary>
    public long? Total => _lag.Count == 0 ? null : _lag.Values.Sum();

    /// <summary>Measures every partition once now.</summary>
    public async Task MeasureAsync(CancellationToken cancellationToken = default)
    {
        if (_source is not ILagSource lagging)
        {
            return;
        }

        var measured = new Dictionary<int, long>();
        foreach (var partition in _partitions().Distinct().ToList())
        {
            try
            {
                var checkpoint = await _checkpoints.LoadAsync(_source.Name, partition, cancellationToken).ConfigureAwait(false);
                if (await lagging.GetLagAsync(partition, checkpoint, cancellationToken).ConfigureAwait(false) is { } lag)
                {
                    measured[partition] = lag;
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
            {
                // A figure is a nicety: neither the source nor the checkpoint store failing may stop the silo over it.
                LogUnmeasured(ex, _source.Name, partition);
            }
        }

        _lag = measured.ToFrozenDictionary();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_source is not ILagSource)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, _time);
        try
        {
            do
            {
                await MeasureAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private IEnumerable<Measurement<long>> Observe()
    {
        foreach (var (partition, lag) in _lag)
        {
            yield return new Measurement<long>(lag, new TagList { { "source", _source.Name }, { "partition", partition } });
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lag of {Source}/{Partition} not measured")]
    private partial void LogUnmeasured(Exception exception, string source, int partition);
}
