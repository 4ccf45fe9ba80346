using StreamML.Core.Features;
using StreamML.Core.Schema;

namespace StreamML.Core.Tests.Features;

/// <summary>
/// The reference model of EntityWindows: keeps every accepted event forever and computes each window straight from its
/// definition, in the plainest way. Slow and unbounded, obviously right.
/// </summary>
internal sealed class NaiveWindows(FeatureSchema schema)
{
    private readonly List<(long Time, long Arrival, float[] Values)> _accepted = [];
    private long _max = long.MinValue;
    private long _arrivals;

    public long Accepted { get; private set; }

    public long OutOfOrder { get; private set; }

    public long LateAccepted { get; private set; }

    public long LateRejected { get; private set; }

    public (EventAdmission Admission, double[]? Features) Process(long time, float[] values)
    {
        var admission = EventAdmission.Accepted;
        if (_max != long.MinValue)
        {
            var watermark = _max - schema.MaxOutOfOrderness.Ticks;
            if (time < watermark - schema.AllowedLateness.Ticks)
            {
                LateRejected++;
                return (EventAdmission.RejectedLate, null);
            }

            if (time < _max)
            {
                OutOfOrder++;
            }

            if (time < watermark)
            {
                LateAccepted++;
                admission = EventAdmission.AcceptedLate;
            }
        }

        var arrival = _arrivals++;
        _accepted.Add((time, arrival, [.. values]));
        Accepted++;
        _max = Math.Max(_max, time);
        var ordered = _accepted.OrderBy(e => e.Time).ThenBy(e => e.Arrival).ToList();
        var k = ordered.FindIndex(e => e.Arrival == arrival);
        var upTo = ordered.Take(k + 1).ToList();

        var features = new List<double>();
        if (schema.IncludeRawValues)
        {
            features.AddRange(values.Select(v => (double)v));
        }

        foreach (var window in schema.Windows)
        {
            var events = WindowEvents(window, upTo, time);
            var indices = window.Features.Count == 0
                ? Enumerable.Range(0, schema.Features.Count)
                : Enumerable.Range(0, schema.Features.Count).Where(i => window.Features.Contains(schema.Features[i].Name));
            foreach (var f in indices)
            {
                foreach (var aggregate in Enum.GetValues<WindowAggregates>().Where(a => a is not (WindowAggregates.None or WindowAggregates.All) && (window.Aggregates & a) != 0))
                {
                    features.Add(Aggregate(aggregate, window, events, f, time));
                }
            }
        }

        return (admission, [.. features]);
    }

    private static List<(long Time, long Arrival, float[] Values)> WindowEvents(WindowDefinition window, List<(long Time, long Arrival, float[] Values)> upTo, long time)
    {
        var k = upTo.Count - 1;
        switch (window.Kind)
        {
            case WindowKind.Sliding when window.Count is { } n:
                return upTo.Skip(Math.Max(0, upTo.Count - n)).ToList();
            case WindowKind.Sliding:
                return upTo.Where(e => e.Time > time - window.Duration!.Value.Ticks).ToList();
            case WindowKind.Tumbling when window.Count is { } n:
                return upTo.Skip(k / n * n).ToList();
            case WindowKind.Tumbling:
                var d = window.Duration!.Value.Ticks;
                return upTo.Where(e => e.Time >= time / d * d).ToList();
            default:
                var start = k;
                while (start > 0 && upTo[start].Time - upTo[start - 1].Time < window.Gap!.Value.Ticks)
                {
                    start--;
                }

                return upTo.Skip(start).ToList();
        }
    }

    private static double Aggregate(WindowAggregates aggregate, WindowDefinition window, List<(long Time, long Arrival, float[] Values)> events, int f, long time)
    {
        var finite = events.Select(e => (double)e.Values[f]).Where(v => !double.IsNaN(v)).ToList();
        switch (aggregate)
        {
            case WindowAggregates.Count:
                return finite.Count;
            case WindowAggregates.Sum:
                var sum = 0.0;
                foreach (var v in finite)
                {
                    sum += v;
                }

                return sum;
            case WindowAggregates.Mean:
                return finite.Count == 0 ? double.NaN : Aggregate(WindowAggregates.Sum, window, events, f, time) / finite.Count;
            case WindowAggregates.Min:
                return finite.Count == 0 ? double.NaN : finite.Min();
            case WindowAggregates.Max:
                return finite.Count == 0 ? double.NaN : finite.Max();
            case WindowAggregates.Variance:
                if (finite.Count < 2)
                {
                    return double.NaN;
                }

                double n = 0, mean = 0, m2 = 0;
                foreach (var v in finite)
                {
                    n++;
                    var delta = v - mean;
                    mean += delta / n;
                    m2 += delta * (v - mean);
                }

                return m2 / (n - 1);
            case WindowAggregates.Ewma:
                if (finite.Count == 0)
                {
                    return double.NaN;
                }

                var ewma = finite[0];
                foreach (var v in finite.Skip(1))
                {
                    ewma = (window.EwmaAlpha * v) + ((1 - window.EwmaAlpha) * ewma);
                }

                return ewma;
            case WindowAggregates.Last:
                var before = events.Take(events.Count - 1).Select(e => (double)e.Values[f]).Where(v => !double.IsNaN(v)).ToList();
                return before.Count == 0 ? double.NaN : before[^1];
            case WindowAggregates.Delta:
                return events[^1].Values[f] - Aggregate(WindowAggregates.Last, window, events, f, time);
            case WindowAggregates.TimeSinceLast:
                return events.Count < 2 ? double.NaN : (time - events[^2].Time) / (double)TimeSpan.TicksPerSecond;
            case WindowAggregates.Rate:
                if (window.Duration is { } duration && window.Kind != WindowKind.Session)
                {
                    return events.Count / duration.TotalSeconds;
                }

                var span = time - events[0].Time;
                return span > 0 ? (events.Count - 1) / (span / (double)TimeSpan.TicksPerSecond) : double.NaN;
            default:
                throw new ArgumentOutOfRangeException(nameof(aggregate));
        }
    }
}
