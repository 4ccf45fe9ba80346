using StreamML.Core.Schema;

namespace StreamML.Core.Features;

/// <summary>
/// The windowed state of one entity on event time, and the feature vector of each event it admits.
/// Not thread-safe; the entity grain (or a bare loop's thread) owns it.
/// </summary>
/// <remarks>
/// <para>Accepted events are ordered by (event time, arrival). An event's features are computed over the accepted
/// events at or before it in that order. The watermark is the newest event time less the maximum out-of-orderness; an
/// event earlier than the watermark less the allowed lateness is refused.</para>
/// <para>Events are buffered sorted in a struct-of-arrays (times, then values feature-major per event) that grows
/// lazily to the plan's capacity. An event behind the lateness horizon that no future event can need individually is
/// evicted; if a tumbling-on-time or session window still needs it as part of a bucket or session, it is first folded
/// into that window's prefix, so those windows stay exact whatever the capacity. Sliding windows that would need more
/// than the capacity see only the newest buffered events (counted in <see cref="Truncated"/>).</para>
/// </remarks>
public sealed partial class EntityWindows
{
    private const byte SnapshotVersion = 1;
    private const int InitialCapacity = 8;
    private readonly FeaturePlan _plan;
    private readonly int _width;
    private readonly WindowPrefix?[] _prefixes;
    private long[] _times = [];
    private float[] _values = [];
    private int _count;
    private long _evicted;

    /// <summary>Creates the empty state of a new entity.</summary>
    public EntityWindows(FeaturePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        _plan = plan;
        _width = plan.FeatureCount;
        _prefixes = new WindowPrefix?[plan.Windows.Length];
    }

    /// <summary>Newest event time seen (UTC ticks), <see cref="long.MinValue"/> before any.</summary>
    public long MaxEventTicks { get; private set; } = long.MinValue;

    /// <summary>The watermark: newest event time less the maximum out-of-orderness; <see cref="long.MinValue"/> before any event.</summary>
    public long WatermarkTicks => MaxEventTicks == long.MinValue ? long.MinValue : MaxEventTicks - _plan.MaxOutOfOrdernessTicks;

    /// <summary>Events accepted.</summary>
    public long Accepted { get; private set; }

    /// <summary>Events accepted with a time before the newest one seen.</summary>
    public long OutOfOrder { get; private set; }

    /// <summary>Events accepted behind the watermark, within the allowed lateness.</summary>
    public long LateAccepted { get; private set; }

    /// <summary>Events refused as later than the allowed lateness.</summary>
    public long LateRejected { get; private set; }

    /// <summary>Events dropped from the buffer by the capacity bound while a window could still have used them.</summary>
    public long Truncated { get; private set; }

    /// <summary>Events buffered now.</summary>
    public int BufferedEvents => _count;

    /// <summary>An estimate of the heap bytes this state holds.</summary>
    public int EstimatedBytes
    {
        get
        {
            var bytes = 72 + 24 + (_times.Length * 8) + 24 + (_values.Length * 4) + 24 + (_prefixes.Length * 8);
            foreach (var p in _prefixes)
            {
                bytes += p?.EstimatedBytes ?? 0;
            }

            return bytes;
        }
    }

    /// <summary>
    /// Admits one event and, when it is accepted, writes its feature vector into <paramref name="features"/>
    /// (<see cref="FeaturePlan.VectorLength"/> values). A refused event changes nothing but <see cref="LateRejected"/>.
    /// </summary>
    /// <param name="timeTicks">Event time (UTC ticks).</param>
    /// <param name="values">The event's values in schema order; NaN marks a missing value.</param>
    /// <param name="features">Where the feature vector goes.</param>
    public EventAdmission Process(long timeTicks, ReadOnlySpan<float> values, Span<float> features)
    {
        if (values.Length != _width)
        {
            throw new ArgumentException($"expected {_width} values, got {values.Length}", nameof(values));
        }

        if (features.Length < _plan.VectorLength)
        {
            throw new ArgumentException($"the feature buffer holds {features.Length} values, the plan needs {_plan.VectorLength}", nameof(features));
        }

        var admission = EventAdmission.Accepted;
        if (MaxEventTicks != long.MinValue)
        {
            if (timeTicks < WatermarkTicks - _plan.AllowedLatenessTicks)
            {
                LateRejected++;
                return EventAdmission.RejectedLate;
            }

            if (timeTicks < MaxEventTicks)
            {
                OutOfOrder++;
            }

            if (timeTicks < WatermarkTicks)
            {
                LateAccepted++;
                admission = EventAdmission.AcceptedLate;
            }
        }

        var k = Insert(timeTicks, values);
        Accepted++;
        if (timeTicks > MaxEventTicks)
        {
            MaxEventTicks = timeTicks;
        }

        Compute(k, timeTicks, values, features);
        EvictUnneeded();
        return admission;
    }

    private int Insert(long time, ReadOnlySpan<float> values)
    {
        if (_count == _plan.Capacity)
        {
            Truncated++;
            EvictFront();
        }

        if (_count == _times.Length)
        {
            var size = Math.Min(_plan.Capacity, Math.Max(InitialCapacity, _times.Length * 2));
            Array.Resize(ref _times, size);
            Array.Resize(ref _values, size * _width);
        }

        // Events mostly arrive in order: find the insertion point from the end, after every event with the same time.
        var k = _count;
        while (k > 0 && _times[k - 1] > time)
        {
            k--;
        }

        if (k < _count)
        {
            Array.Copy(_times, k, _times, k + 1, _count - k);
            Array.Copy(_values, k * _width, _values, (k + 1) * _width, (_count - k) * _width);
        }

        _times[k] = time;
        values.CopyTo(_values.AsSpan(k * _width, _width));
        _count++;
        return k;
    }

    private void Compute(int k, long time, ReadOnlySpan<float> values, Span<float> features)
    {
        var column = 0;
        if (_plan.Schema.IncludeRawValues)
        {
            values.CopyTo(features);
            column = _width;
        }

        var windows = _plan.Windows;
        for (var w = 0; w < windows.Length; w++)
        {
            var window = windows[w];
            var lo = RangeStart(w, window, k, time, out var prefix);
            var events = (prefix?.Events ?? 0) + (k - lo + 1);
            var first = prefix is { Events: > 0 } ? prefix.FirstTime : _times[lo];
            var previous = k > lo ? _times[k - 1] : prefix is { Events: > 0 } ? prefix.LastTime : long.MinValue;
            for (var fi = 0; fi < window.Features.Length; fi++)
            {
                var feature = window.Features[fi];
                var acc = prefix is null ? WindowAccumulator.Empty : prefix.Features[fi];
                for (var i = lo; i < k; i++)
                {
                    acc.Add(_values[(i * _width) + feature], window.Alpha);
                }

                var lastBefore = acc.Last;
                acc.Add(values[feature], window.Alpha);
                foreach (var aggregate in window.Aggregates)
                {
                    features[column++] = aggregate == WindowAggregates.Delta
                        ? (float)(values[feature] - lastBefore)
                        : (float)Value(aggregate, window, in acc, lastBefore, events, first, previous, time);
                }
            }
        }
    }

    private static double Value(WindowAggregates aggregate, WindowPlan window, in WindowAccumulator acc, double lastBefore, long events, long first, long previous, long time) => aggregate switch
    {
        WindowAggregates.Count => acc.Count,
        WindowAggregates.Sum => acc.Sum,
        WindowAggregates.Mean => acc.Count > 0 ? acc.Sum / acc.Count : double.NaN,
        WindowAggregates.Min => acc.Count > 0 ? acc.Min : double.NaN,
        WindowAggregates.Max => acc.Count > 0 ? acc.Max : double.NaN,
        WindowAggregates.Variance => acc.WelfordN >= 2 ? acc.WelfordM2 / (acc.WelfordN - 1) : double.NaN,
        WindowAggregates.Ewma => acc.HasEwma ? acc.Ewma : double.NaN,
        WindowAggregates.Last => lastBefore,
        WindowAggregates.TimeSinceLast => previous == long.MinValue ? double.NaN : (time - previous) / (double)TimeSpan.TicksPerSecond,
        WindowAggregates.Rate => window.DurationTicks > 0
            ? events / (window.DurationTicks / (double)TimeSpan.TicksPerSecond)
            : time > first ? (events - 1) / ((time - first) / (double)TimeSpan.TicksPerSecond) : double.NaN,
        _ => double.NaN,
    };

    /// <summary>First buffered index of the current event's window, and the folded prefix that precedes it, if any.</summary>
    private int RangeStart(int index, WindowPlan window, int k, long time, out WindowPrefix? prefix)
    {
        prefix = null;
        int lo;
        switch (window.Kind)
        {
            case WindowKind.Sliding when window.IsCountBased:
                return Math.Max(0, k - window.Count + 1);
            case WindowKind.Sliding:
                lo = k;
                while (lo > 0 && _times[lo - 1] > time - window.DurationTicks)
                {
                    lo--;
                }

                return lo;
            case WindowKind.Tumbling when window.IsCountBased:
                var rank = _evicted + k;
                var start = rank / window.Count * window.Count;
                return (int)Math.Max(0, start - _evicted);
            case WindowKind.Tumbling:
                var bucket = time / window.DurationTicks;
                var bucketStart = bucket * window.DurationTicks;
                lo = k;
                while (lo > 0 && _times[lo - 1] >= bucketStart)
                {
                    lo--;
                }

                var tumbling = _prefixes[index];
                if (lo == 0 && tumbling is { Events: > 0 } && tumbling.Bucket == bucket)
                {
                    prefix = tumbling;
                }

                return lo;
            default:
                lo = k;
                while (lo > 0 && _times[lo] - _times[lo - 1] < window.GapTicks)
                {
                    lo--;
                }

                var session = _prefixes[index];
                if (lo == 0 && session is { Events: > 0 } && _times[0] - session.LastTime < window.GapTicks)
                {
                    prefix = session;
                }

                return lo;
        }
    }

    /// <summary>Evicts, oldest first, the events behind the lateness horizon that no future event can need individually.</summary>
    private void EvictUnneeded()
    {
        var horizon = WatermarkTicks - _plan.AllowedLatenessTicks;
        var old = 0;
        while (old < _count && _times[old] < horizon)
        {
            old++;
        }

        var keepAfter = _plan.KeepOldTicks > 0 ? horizon - _plan.KeepOldTicks : long.MaxValue;
        while (old > _plan.KeepOldCount && _times[0] <= keepAfter)
        {
            EvictFront();
            old--;
        }
    }

    private void EvictFront()
    {
        var time = _times[0];
        var windows = _plan.Windows;
        for (var w = 0; w < windows.Length; w++)
        {
            var window = windows[w];
            if (!window.FoldsPrefix)
            {
                continue;
            }

            var prefix = _prefixes[w] ??= NewPrefix(window);
            if (window.Kind == WindowKind.Tumbling)
            {
                var bucket = time / window.DurationTicks;
                if (prefix.Events == 0 || prefix.Bucket != bucket)
                {
                    prefix.Reset(bucket);
                }
            }
            else if (prefix.Events == 0 || time - prefix.LastTime >= window.GapTicks)
            {
                prefix.Reset(0);
            }

            if (prefix.Events == 0)
            {
                prefix.FirstTime = time;
            }

            prefix.Events++;
            prefix.LastTime = time;
            for (var fi = 0; fi < window.Features.Length; fi++)
            {
                prefix.Features[fi].Add(_values[window.Features[fi]], window.Alpha);
            }
        }

        _count--;
        _evicted++;
        Array.Copy(_times, 1, _times, 0, _count);
        Array.Copy(_values, _width, _values, 0, _count * _width);
    }

    private static WindowPrefix NewPrefix(WindowPlan window)
    {
        var prefix = new WindowPrefix(window.Features.Length);
        prefix.Reset(0);
        return prefix;
    }
}
