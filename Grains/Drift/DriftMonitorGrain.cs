using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamML.Core.Alerts;
using StreamML.Core.Drift.Monitoring;
using StreamML.GrainInterfaces;
using StreamML.Grains.Options;
using StreamML.Grains.Services;

namespace StreamML.Grains.Drift;

/// <summary>
/// Drift of one model in one scope (<c>{model}/{scope}</c>): folds the silos' samples into a <see cref="DriftMonitor"/>,
/// evaluates after each, and keeps a bounded log of detections that subscribers read by sequence.
/// </summary>
/// <remarks>
/// Each model version has its own monitor (the newest few), so while a canary or shadow version serves beside the
/// champion neither's reference, window or error stream is reset by the other's samples. The monitors live in memory:
/// after a reactivation the reference is rebuilt from the next values each version sees, and the detection log starts
/// empty (detections are also logged and counted in metrics).
/// </remarks>
internal sealed partial class DriftMonitorGrain(
    IOptions<DriftOptions> options,
    PlatformContext context,
    PlatformInstruments instruments,
    ILogger<DriftMonitorGrain> logger) : Grain, IDriftMonitorGrain
{
    /// <summary>Versions monitored at once: the champion, a challenger, and the one they replaced.</summary>
    private const int MaxVersions = 3;

    private readonly Dictionary<int, VersionMonitor> _monitors = [];
    private readonly Queue<DriftEvent> _detections = new();
    private readonly SortedSet<string> _segments = new(StringComparer.Ordinal);
    private readonly List<AlertSignal> _unsent = [];
    private long _sequence;
    private long _events;

    private string Model => this.GetPrimaryKeyString()[..this.GetPrimaryKeyString().LastIndexOf('/')];

    private string Scope => this.GetPrimaryKeyString()[(this.GetPrimaryKeyString().LastIndexOf('/') + 1)..];

    public async Task ReportAsync(DriftSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var now = context.Time.GetUtcNow();
        var watched = await MonitorOfAsync(sample.Version);
        watched.LastReport = now;
        if (sample.Events > 0)
        {
            watched.LastEvents = sample.Events;
        }

        var monitor = watched.Monitor;
        _events += sample.Events;
        foreach (var segment in sample.Segments)
        {
            // Each silo admits its own first segments, so the union is bounded here too: the list is what GET /v1/drift reads.
            if (_segments.Count < context.Schema.MaxSegments || segment == DriftScopes.Other)
            {
                _segments.Add(segment);
            }
        }

        for (var f = 0; f < sample.Features.Length && f < sample.Values.Length; f++)
        {
            monitor.Add(sample.Version, sample.Features[f], DriftKind.Data, sample.Values[f]);
        }

        if (sample.Scores.Length > 0)
        {
            monitor.Add(sample.Version, DriftMonitor.ScoreSignal, DriftKind.Prediction, sample.Scores);
        }

        if (sample.Errors.Length > 0 && monitor.AddErrors(sample.Version, sample.Errors, now.UtcTicks) is { } concept)
        {
            Record(concept, now);
        }

        if (sample.Errors.Length > 0 && monitor.CheckPerformance(now.UtcTicks) is { } shortfall)
        {
            Record(shortfall, now);
        }

        foreach (var detection in monitor.Evaluate(now.UtcTicks))
        {
            Record(detection, now);
        }

        // The gauges follow the version serving most traffic, not a canary's share.
        foreach (var signal in ReferenceEquals(Shown(), watched) ? monitor.Status() : [])
        {
            if (!double.IsNaN(signal.Psi))
            {
                instruments.DriftScore(Model, signal.Signal, Scope, signal.Psi);
            }
        }

        if (_unsent.Count > 0 && context.Model.RetrainOnDrift)
        {
            await RequestRetrainingAsync(_detections.Last());
        }

        if (_unsent.Count > 0)
        {
            // Drift rules alert on these; detections are rare, so they go at once, one batch per report.
            AlertSignal[] signals = [.. _unsent];
            _unsent.Clear();
            try
            {
                await GrainFactory.GetGrain<IAlertGrain>(0).SignalAsync(signals);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogAlertFailed(ex, Model, Scope);
            }
        }
    }

    /// <summary>Tells the model's example store, which starts a run once enough examples arrived after the detection.</summary>
    private async Task RequestRetrainingAsync(DriftEvent detection)
    {
        try
        {
            var reason = detection.Kind == "performance"
                ? string.Create(CultureInfo.InvariantCulture, $"performance: v{detection.Version} errs {detection.Value:0.####} live against {detection.Threshold:0.####} held out")
                : string.Create(CultureInfo.InvariantCulture, $"drift: {detection.Kind} {detection.Signal} in {detection.Scope} v{detection.Version}, {detection.Statistic} = {detection.Value:0.####}");
            // A shortfall against the held-out figures is treated as a change of concept: the run may forget what came before.
            await GrainFactory.GetGrain<ILabelledExampleGrain>(Model).OnDriftAsync(reason, detection.Kind is "concept" or "performance", detection.Version);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRetrainFailed(ex, Model, Scope);
        }
    }

    /// <summary>
    /// The report shows the version serving most traffic: the largest latest sample among the versions reported in the
    /// last ten seconds of the newest report (a canary's share is smaller than its champion's).
    /// </summary>
    public Task<DriftReport> GetAsync()
    {
        var monitor = Shown()?.Monitor;
        return Task.FromResult(new DriftReport
        {
            Model = Model,
            Scope = Scope,
            Version = monitor?.Version ?? 0,
            Events = _events,
            Errors = monitor?.ErrorsSeen ?? 0,
            Signals = monitor is null ? [] : [.. monitor.Status().Select(s => new DriftSignal(
                s.Signal, s.Kind.ToString().ToLowerInvariant(), s.ReferenceCount, s.CurrentCount,
                double.IsNaN(s.Psi) ? null : s.Psi, double.IsNaN(s.JensenShannon) ? null : s.JensenShannon, s.Drift))],
            Detections = [.. _detections],
            Segments = [.. _segments],
            Reference = monitor is not null && monitor.SeededSignals().Count > 0 ? "training" : "served",
        });
    }

    private VersionMonitor? Shown()
    {
        var newest = _monitors.Count == 0 ? DateTimeOffset.MinValue : _monitors.Values.Max(m => m.LastReport);
        return _monitors.Values
            .Where(m => m.LastReport >= newest - TimeSpan.FromSeconds(10))
            .OrderByDescending(m => m.LastEvents)
            .ThenByDescending(m => m.Monitor.Version)
            .FirstOrDefault();
    }

    /// <summary>
    /// The monitor of <paramref name="version"/>, made and seeded from the version's training data when it is first
    /// reported; the least recently reported one makes room when <see cref="MaxVersions"/> are watched.
    /// </summary>
    private async Task<VersionMonitor> MonitorOfAsync(int version)
    {
        if (_monitors.TryGetValue(version, out var watched))
        {
            return watched;
        }

        if (_monitors.Count >= MaxVersions)
        {
            _monitors.Remove(_monitors.MinBy(kv => kv.Value.LastReport).Key);
        }

        watched = new VersionMonitor(new DriftMonitor(options.Value.Monitor));
        _monitors[version] = watched;
        if (version > 0)
        {
            await SeedFromTrainingDataAsync(watched.Monitor, version);
        }

        return watched;
    }

    private sealed class VersionMonitor(DriftMonitor monitor)
    {
        public DriftMonitor Monitor { get; } = monitor;

        public long LastEvents { get; set; }

        public DateTimeOffset LastReport { get; set; }
    }

    /// <summary>
    /// Makes the training data of <paramref name="version"/> the reference of each input feature: the labelled
    /// examples of its training window, as the example store still holds them. Without enough of them the reference
    /// is the first traffic the version serves. Its held-out figures become what its live errors are expected to be.
    /// </summary>
    private async Task SeedFromTrainingDataAsync(DriftMonitor monitor, int version)
    {
        const int MinimumReference = 200;
        try
        {
            var info = (await GrainFactory.GetGrain<IModelRegistryGrain>(Model).GetVersionsAsync()).FirstOrDefault(v => v.Version == version);
            // The held-out figures describe all traffic, not one segment's: segments are judged by change alone.
            if (info is not null && Scope == DriftScopes.All && ExpectedErrors(info.Metrics) is { } expected)
            {
                monitor.ExpectErrors(version, expected.Mean, expected.Variance, expected.Count);
            }

            if (info?.TrainingEnd is not { } end || !context.Schema.IncludeRawValues)
            {
                return;
            }

            var start = info.TrainingStart ?? DateTimeOffset.MinValue;
            var examples = (await GrainFactory.GetGrain<ILabelledExampleGrain>(Model).GetNewestAsync(context.Model.MaxExamples))
                .Where(x => x.EventTicks >= start.UtcTicks && x.EventTicks <= end.UtcTicks)
                .TakeLast(options.Value.Monitor.ReferenceSize)
                .ToArray();
            if (examples.Length < MinimumReference)
            {
                return;
            }

            var features = context.Schema.Features;
            for (var f = 0; f < features.Count; f++)
            {
                monitor.SeedReference(version, features[f].Name, DriftKind.Data, [.. examples.Select(x => x.Features[f])]);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSeedFailed(ex, Model, version);
        }
    }

    /// <summary>
    /// The error a version showed on its held-out rows, in the units of the error stream: for classification the error
    /// rate (1 − accuracy) with its Bernoulli variance, for regression the mean absolute error with the variance
    /// RMSE² − MAE². Null without enough held-out rows to judge by.
    /// </summary>
    private (double Mean, double Variance, long Count)? ExpectedErrors(IReadOnlyDictionary<string, double> metrics)
    {
        const int MinimumHoldout = 50;
        if (!metrics.TryGetValue("holdout_examples", out var count) || count < MinimumHoldout)
        {
            return null;
        }

        return context.Plan.TaskKind.ExpectedError(metrics) is { } expected ? (expected.Mean, expected.Variance, (long)count) : null;
    }

    public Task<DriftEvent[]> GetDetectionsAfterAsync(long afterSequence) =>
        Task.FromResult(_detections.Where(d => d.Sequence > afterSequence).ToArray());

    private void Record(DriftDetection d, DateTimeOffset now)
    {
        var e = new DriftEvent(
            ++_sequence, Model, Scope, d.Version, d.Kind.ToString().ToLowerInvariant(), d.Signal, d.Statistic, d.Value,
            double.IsNaN(d.Threshold) ? null : d.Threshold, double.IsNaN(d.JensenShannon) ? null : d.JensenShannon, d.Index, now);
        _detections.Enqueue(e);
        while (_detections.Count > options.Value.History)
        {
            _detections.Dequeue();
        }

        instruments.DriftDetected(e);
        _unsent.Add(new AlertSignal
        {
            Kind = AlertSignalKind.Drift,
            Key = $"{e.Model}/{e.Scope}/{e.Signal}",
            Time = now,
            Value = e.Value,
            Count = 1,
            Source = "drift monitor",
            Message = $"{e.Kind} drift of {e.Signal} in {e.Model}/{e.Scope} v{e.Version}: {e.Statistic} = {e.Value:0.####}",
        });
        LogDetected(e.Kind, e.Model, e.Scope, e.Version, e.Signal, e.Statistic, e.Value);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Training data of {Model} v{Version} could not be read as the drift reference; the first served traffic is used")]
    private partial void LogSeedFailed(Exception exception, string model, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Drift of {Model}/{Scope} could not request retraining")]
    private partial void LogRetrainFailed(Exception exception, string model, string scope);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Drift detections of {Model}/{Scope} could not reach the alert grain")]
    private partial void LogAlertFailed(Exception exception, string model, string scope);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Drift ({Kind}) in {Model}/{Scope} v{Version}: {Signal} {Statistic} = {Value:0.####}")]
    private partial void LogDetected(string kind, string model, string scope, int version, string signal, string statistic, double value);
}
