using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamML.Core.Alerts;
using StreamML.Core.Metrics;
using StreamML.GrainInterfaces;
using StreamML.Grains.Options;
using StreamML.Grains.Services;

namespace StreamML.Grains.Alerts;

/// <summary>
/// Sends this silo's figures to the alert grain, one batch every report interval, computed from the silo-local totals
/// the hot path already keeps (never a call per event). Per report and only for kinds some rule evaluates:
/// <c>error_rate</c> = (fallback predictions + events whose processing failed) / (predictions + failed events);
/// <c>anomaly_rate</c> = predictions flagged by either anomaly detector / predictions;
/// <c>deadletter_rate</c> = dead letters / (events ingested + dead letters);
/// <c>latency_p99</c> = the 99th percentile of ingest-to-prediction latency (ms) of the predictions of the interval.
/// A report with no events sends no figure for that kind.
/// </summary>
public sealed partial class AlertReporter : BackgroundService
{
    private readonly IGrainFactory _grains;
    private readonly PlatformInstruments _instruments;
    private readonly PlatformContext _context;
    private readonly AlertOptions _options;
    private readonly ILogger<AlertReporter> _logger;
    private readonly HashSet<AlertSignalKind> _kinds;
    private readonly string _source;
    private readonly Lock _lock = new();
    private readonly long[] _latency = LatencyHistogram.NewBuckets();
    private readonly long[] _lastLatency = LatencyHistogram.NewBuckets();
    private Totals _last;

    /// <summary>Creates the reporter.</summary>
    public AlertReporter(IGrainFactory grains, PlatformInstruments instruments, PlatformContext context, IOptions<AlertOptions> options, ILocalSiloDetails silo, ILogger<AlertReporter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(silo);
        _grains = grains;
        _instruments = instruments;
        _context = context;
        _options = options.Value;
        _logger = logger;
        _kinds = [.. _options.ToRules().Select(r => r.Kind)];
        _source = silo.SiloAddress.ToString();
        _last = Read();
        instruments.Latency.CopyTo(_lastLatency);
    }

    /// <summary>Reports sent since start.</summary>
    public long Reports { get; private set; }

    /// <summary>Sends the figures since the previous report now (the timer does this every report interval).</summary>
    public async Task ReportAsync(CancellationToken cancellationToken = default)
    {
        var signals = Collect();
        if (signals.Length == 0)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        await _grains.GetGrain<IAlertGrain>(0).SignalAsync(signals).ConfigureAwait(false);
        Reports++;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_kinds.Count == 0 || !_kinds.Any(k => k is not (AlertSignalKind.Drift or AlertSignalKind.AccuracyDrop)))
        {
            return;
        }

        using var timer = new PeriodicTimer(_options.ReportInterval, _context.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await ReportAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The figures of a lost report are gone, not resent: the next one covers only its own interval.
                    LogReportFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private AlertSignal[] Collect()
    {
        Totals now, delta;
        double p99;
        long latencyCount;
        lock (_lock)
        {
            now = Read();
            delta = now - _last;
            _last = now;
            latencyCount = _instruments.Latency.CopyTo(_latency) - _lastLatency.Sum();
            p99 = LatencyHistogram.QuantileOfDelta(_latency, _lastLatency, 0.99) / 1_000;
            Array.Copy(_latency, _lastLatency, _latency.Length);
        }

        var at = _context.Time.GetUtcNow();
        var key = _context.ModelName;
        var signals = new List<AlertSignal>(4);
        void Add(AlertSignalKind kind, long count, long total, double value = 0)
        {
            if (_kinds.Contains(kind) && total > 0)
            {
                signals.Add(new AlertSignal { Kind = kind, Key = key, Time = at, Count = count, Total = total, Value = value, Source = _source });
            }
        }

        Add(AlertSignalKind.ErrorRate, delta.Fallbacks + delta.Failed, delta.Predictions + delta.Failed);
        Add(AlertSignalKind.AnomalyRate, delta.Anomalies, delta.Predictions);
        Add(AlertSignalKind.DeadLetterRate, delta.DeadLetters, delta.Ingested + delta.DeadLetters);
        Add(AlertSignalKind.LatencyP99, 0, latencyCount, p99);
        return [.. signals];
    }

    private Totals Read() => new(
        _instruments.PredictionTotal,
        _instruments.FallbackTotal,
        _instruments.FailedTotal,
        _instruments.AnomalyTotal,
        _instruments.InvalidTotal,
        _instruments.IngestedTotal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send this silo's figures to the alert grain")]
    private partial void LogReportFailed(Exception exception);

    private readonly record struct Totals(long Predictions, long Fallbacks, long Failed, long Anomalies, long DeadLetters, long Ingested)
    {
        public static Totals operator -(Totals a, Totals b) => new(
            a.Predictions - b.Predictions, a.Fallbacks - b.Fallbacks, a.Failed - b.Failed, a.Anomalies - b.Anomalies, a.DeadLetters - b.DeadLetters, a.Ingested - b.Ingested);
    }
}
