using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamML.Core.Events;
using StreamML.GrainInterfaces;
using StreamML.Grains.Options;

namespace StreamML.Grains.Services;

/// <summary>
/// The silo's share of drift monitoring: entity groups hand it what they scored and the errors of joined labels; it
/// keeps a uniform sample per model version and scope (the whole model, and each segment) and sends it to the drift
/// monitor grains once per <c>Drift.ReportInterval</c>. Nothing leaves the silo per event.
/// </summary>
/// <remarks>
/// The first <c>Schema.MaxSegments</c> segments the silo sees are monitored on their own, later ones together in
/// <see cref="DriftScopes.Other"/>: producers choose segment values, and each scope costs a monitor grain, metric
/// series and a place in the list sent every report.
/// </remarks>
public sealed partial class DriftAggregator(
    IGrainFactory grains,
    PlatformContext context,
    IOptions<DriftOptions> options,
    ILogger<DriftAggregator> logger) : BackgroundService
{
    private readonly DriftOptions _options = options.Value;
    private readonly Lock _lock = new();
    private readonly Dictionary<(int Version, string Scope), Buffer> _buffers = [];
    private readonly HashSet<string> _segments = new(StringComparer.Ordinal);

    /// <summary>Takes a scored, non-fallback prediction and the features it was scored from.</summary>
    public void Observe(StreamEvent e, in Prediction prediction)
    {
        if (!_options.Enabled || prediction.IsFallback)
        {
            return;
        }

        var score = float.IsNaN(prediction.Probability) ? prediction.Score : prediction.Probability;
        lock (_lock)
        {
            BufferOf(prediction.ModelVersion, DriftScopes.All).Add(e.Values, score);
            if (e.Segment is { Length: > 0 } segment)
            {
                var scope = _segments.Contains(segment) || _segments.Count < context.Schema.MaxSegments ? segment : DriftScopes.Other;
                _segments.Add(scope);
                BufferOf(prediction.ModelVersion, scope).Add(e.Values, score);
            }
        }
    }

    /// <summary>Takes the error of a joined label: 1 or 0 for classifiers, the absolute error for regression.</summary>
    public void ObserveError(int version, float error)
    {
        if (!_options.Enabled || version <= 0)
        {
            return;
        }

        lock (_lock)
        {
            BufferOf(version, DriftScopes.All).Errors.Add(error);
        }
    }

    /// <summary>Sends what was gathered now (the timer does this every report interval).</summary>
    public async Task ReportAsync()
    {
        List<((int Version, string Scope) Key, Buffer Buffer)> ready;
        string[] segments;
        lock (_lock)
        {
            ready = [.. _buffers.Where(kv => kv.Value.Events > 0 || kv.Value.Errors.Count > 0).Select(kv => (kv.Key, kv.Value))];
            foreach (var (key, _) in ready)
            {
                _buffers.Remove(key);
            }

            segments = [.. _segments];
        }

        foreach (var (key, buffer) in ready)
        {
            var sample = buffer.ToSample(key.Version, context.Schema.Features.Select(f => f.Name).ToArray(), key.Scope == DriftScopes.All ? segments : []);
            try
            {
                await grains.GetGrain<IDriftMonitorGrain>($"{context.ModelName}/{key.Scope}").ReportAsync(sample).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Monitoring must never hold up scoring: this second's sample is dropped, the next one goes.
                LogReportFailed(ex, context.ModelName, key.Scope);
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(_options.ReportInterval, context.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await ReportAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private Buffer BufferOf(int version, string scope)
    {
        if (!_buffers.TryGetValue((version, scope), out var buffer))
        {
            buffer = new Buffer(context.Schema.Features.Count, _options.SamplesPerReport);
            _buffers.Add((version, scope), buffer);
        }

        return buffer;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Drift sample of {Model}/{Scope} could not be reported")]
    private partial void LogReportFailed(Exception exception, string model, string scope);

    /// <summary>A reservoir of events (features and score) and the errors, for one report.</summary>
    private sealed class Buffer(int features, int capacity)
    {
        private readonly float[][] _values = [.. Enumerable.Range(0, features).Select(_ => new float[capacity])];
        private readonly float[] _scores = new float[capacity];

        public long Events { get; private set; }

        public List<float> Errors { get; } = [];

        public void Add(float[] values, float score)
        {
            var slot = Events < capacity ? (int)Events : Random.Shared.NextInt64(Events + 1) is var r && r < capacity ? (int)r : -1;
            Events++;
            if (slot < 0)
            {
                return;
            }

            for (var f = 0; f < _values.Length && f < values.Length; f++)
            {
                _values[f][slot] = values[f];
            }

            _scores[slot] = score;
        }

        public DriftSample ToSample(int version, string[] names, string[] segments)
        {
            var n = (int)Math.Min(Events, capacity);
            return new DriftSample
            {
                Version = version,
                Features = names,
                Values = [.. _values.Select(v => v[..n])],
                Scores = _scores[..n],
                Errors = [.. Errors],
                Events = Events,
                Segments = segments,
            };
        }
    }
}
