namespace StreamML.Core.Alerts;

/// <summary>
/// Evaluates alert rules over the signals received: per rule and key, an alert is pending while its condition holds for
/// less than the rule's duration, fires (one notification) once it has held that long, is notified again only every
/// re-notify interval while it keeps holding, and resolves (one notification) when it stops holding. A pending alert
/// whose condition stops holding is dropped silently. Resolved alerts are kept in a bounded history. Not thread-safe.
/// </summary>
/// <remarks>
/// The figure of a rule over its window: for <c>drift</c> the number of detections; for <c>accuracy_drop</c> and
/// <c>latency_p99</c> the largest value; for the rates, the pooled counts over the pooled totals (undefined, so not
/// holding, when no event was observed). Signals are kept only as long as the longest window of a rule of their kind
/// needs them, and at most <c>maxSignalsPerKind</c> of each kind (the oldest go first, counted).
/// </remarks>
public sealed class AlertEvaluator
{
    private readonly AlertRule[] _rules;
    private readonly TimeSpan _reNotify;
    private readonly int _historySize;
    private readonly int _maxSignals;
    private readonly Dictionary<AlertSignalKind, TimeSpan> _retention = [];
    private readonly Dictionary<AlertSignalKind, Queue<AlertSignal>> _signals = [];
    private readonly Dictionary<(string Rule, string Key), Alert> _active = [];
    private readonly LinkedList<Alert> _history = new();

    /// <summary>Creates an evaluator of <paramref name="rules"/>.</summary>
    /// <param name="rules">The rules; names must be unique.</param>
    /// <param name="reNotifyInterval">How long a firing alert waits before it is notified again.</param>
    /// <param name="historySize">Resolved alerts kept.</param>
    /// <param name="maxSignalsPerKind">Signals of one kind kept at most.</param>
    public AlertEvaluator(IReadOnlyList<AlertRule> rules, TimeSpan reNotifyInterval, int historySize, int maxSignalsPerKind = 100_000)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(reNotifyInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(historySize);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSignalsPerKind, 1);
        if (rules.Select(r => r.Name).Distinct(StringComparer.Ordinal).Count() != rules.Count)
        {
            throw new ArgumentException("rule names must be unique", nameof(rules));
        }

        _rules = [.. rules];
        _reNotify = reNotifyInterval;
        _historySize = historySize;
        _maxSignals = maxSignalsPerKind;
        foreach (var rule in _rules)
        {
            _retention[rule.Kind] = _retention.TryGetValue(rule.Kind, out var r) && r > rule.Window ? r : rule.Window;
        }
    }

    /// <summary>The rules evaluated.</summary>
    public IReadOnlyList<AlertRule> Rules => _rules;

    /// <summary>Pending and firing alerts.</summary>
    public IReadOnlyList<Alert> Active => [.. _active.Values.OrderBy(a => a.Since).ThenBy(a => a.Rule, StringComparer.Ordinal).ThenBy(a => a.Key, StringComparer.Ordinal)];

    /// <summary>Resolved alerts, newest first.</summary>
    public IReadOnlyList<Alert> Recent => [.. _history];

    /// <summary>Signals kept now.</summary>
    public int SignalCount => _signals.Values.Sum(q => q.Count);

    /// <summary>Signals dropped because their kind had reached its bound.</summary>
    public long DroppedSignals { get; private set; }

    /// <summary>Signals ignored because no rule evaluates their kind.</summary>
    public long IgnoredSignals { get; private set; }

    /// <summary>Takes signals in; those without a time get <paramref name="now"/>.</summary>
    public void Add(IEnumerable<AlertSignal> signals, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signals);
        foreach (var signal in signals)
        {
            if (!_retention.ContainsKey(signal.Kind))
            {
                IgnoredSignals++;
                continue;
            }

            if (!_signals.TryGetValue(signal.Kind, out var queue))
            {
                _signals[signal.Kind] = queue = new Queue<AlertSignal>();
            }

            queue.Enqueue(signal.Time == default ? signal with { Time = now } : signal);
            if (queue.Count > _maxSignals)
            {
                queue.Dequeue();
                DroppedSignals++;
            }
        }
    }

    /// <summary>Evaluates every rule at <paramref name="now"/> and returns what must be notified.</summary>
    public IReadOnlyList<AlertNotification> Evaluate(DateTimeOffset now)
    {
        Prune(now);
        var notifications = new List<AlertNotification>();
        var figures = new Dictionary<string, Figure>(StringComparer.Ordinal);
        foreach (var rule in _rules)
        {
            figures.Clear();
            if (_signals.TryGetValue(rule.Kind, out var queue))
            {
                var from = now - rule.Window;
                foreach (var s in queue)
                {
                    if (s.Time <= from)
                    {
                        continue;
                    }

                    ref var f = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(figures, s.Key, out _);
                    f.Add(s);
                }
            }

            foreach (var (key, figure) in figures)
            {
                var value = figure.Value(rule.Kind);
                if (double.IsFinite(value) && value >= rule.Threshold)
                {
                    Holds(rule, key, value, figure.Message, now, notifications);
                }
            }

            foreach (var tracked in _active.Where(a => a.Key.Rule == rule.Name).ToList())
            {
                var holds = figures.TryGetValue(tracked.Key.Key, out var figure) && figure.Value(rule.Kind) is var v && double.IsFinite(v) && v >= rule.Threshold;
                if (!holds)
                {
                    Stops(tracked.Key, tracked.Value, now, notifications);
                }
            }
        }

        return notifications;
    }

    private void Holds(AlertRule rule, string key, double value, string? message, DateTimeOffset now, List<AlertNotification> notifications)
    {
        if (!_active.TryGetValue((rule.Name, key), out var alert))
        {
            alert = new Alert
            {
                Rule = rule.Name,
                Kind = rule.Kind,
                Key = key,
                Severity = rule.Severity,
                Threshold = rule.Threshold,
                State = AlertState.Pending,
                Since = now,
            };
        }

        alert = alert with { Value = value, Message = message ?? alert.Message };
        if (alert.State == AlertState.Pending && now - alert.Since >= rule.For)
        {
            alert = alert with { State = AlertState.Firing, FiredAt = now, NotifiedAt = now, Notifications = 1 };
            notifications.Add(new AlertNotification(alert, Repeat: false));
        }
        else if (alert.State == AlertState.Firing && now - alert.NotifiedAt >= _reNotify)
        {
            alert = alert with { NotifiedAt = now, Notifications = alert.Notifications + 1 };
            notifications.Add(new AlertNotification(alert, Repeat: true));
        }

        _active[(rule.Name, key)] = alert;
    }

    private void Stops((string Rule, string Key) id, Alert alert, DateTimeOffset now, List<AlertNotification> notifications)
    {
        _active.Remove(id);
        if (alert.State != AlertState.Firing)
        {
            return;
        }

        var resolved = alert with { State = AlertState.Resolved, ResolvedAt = now, NotifiedAt = now };
        notifications.Add(new AlertNotification(resolved, Repeat: false));
        if (_historySize == 0)
        {
            return;
        }

        _history.AddFirst(resolved);
        while (_history.Count > _historySize)
        {
            _history.RemoveLast();
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (kind, queue) in _signals)
        {
            var oldest = now - _retention[kind];
            while (queue.Count > 0 && queue.Peek().Time <= oldest)
            {
                queue.Dequeue();
            }
        }
    }

    private struct Figure
    {
        private long _count;
        private long _total;
        private double _max;
        private bool _any;

        public string? Message { get; private set; }

        public void Add(AlertSignal s)
        {
            _max = _any ? Math.Max(_max, s.Value) : s.Value;
            _any = true;
            _count += s.Count;
            _total += s.Total;
            Message = s.Message ?? Message;
        }

        public readonly double Value(AlertSignalKind kind) => kind switch
        {
            AlertSignalKind.Drift => _count,
            AlertSignalKind.AccuracyDrop or AlertSignalKind.LatencyP99 => _max,
            _ => _total > 0 ? (double)_count / _total : double.NaN,
        };
    }
}
