using StreamML.Core.Serialization;

namespace StreamML.Core.Anomaly;

/// <summary>
/// A per-entity robust z-score: how far an event's values lie from the entity's own recent median, in units of its recent
/// median absolute deviation (MAD), as the modified z-score of Iglewicz and Hoaglin, <c>0.6745 · |x − median| / MAD</c>.
/// The event's score is the largest over its values. Not thread-safe; the entity owns it.
/// </summary>
/// <remarks>
/// <para>Memory is two floats per feature and a count (for four features, 32 bytes of data in one array): no ring of
/// past values is kept. The median and the MAD are tracked by sign-driven stochastic approximation ("frugal" quantile
/// estimation): each event moves the median estimate a fixed fraction of the MAD towards itself, and scales the MAD
/// estimate up or down by a fixed fraction depending on whether its deviation is larger or smaller. At equilibrium half
/// the values lie on each side of the median estimate and half the deviations exceed the MAD estimate, which is what
/// the median and the MAD are. One event moves either estimate by a bounded step whatever its size, so a single outlier
/// barely shifts the baseline it is judged against; a lasting change is followed within a few hundred events.</para>
/// <para>The first <see cref="WarmUpEvents"/> events seed the estimates with the running mean and mean absolute deviation
/// and score NaN: there is no history to judge them against yet.</para>
/// </remarks>
public struct RobustZScore
{
    /// <summary>Events an entity must have seen before its events are scored.</summary>
    public const int WarmUpEvents = 8;

    /// <summary>The fraction of the MAD the median estimate moves per event, and the MAD's relative step.</summary>
    public const float Rate = 0.01f;

    /// <summary>1 / 1.4826: the MAD of a standard normal variable, which makes the score comparable to a z-score.</summary>
    public const float NormalConsistency = 0.6745f;

    private const float RelativeFloor = 1e-6f;

    // [median, mad] per feature, interleaved.
    private float[]? _state;
    private int _seen;

    /// <summary>Events that updated the estimates (capped at <see cref="int.MaxValue"/>).</summary>
    public readonly int Seen => _seen;

    /// <summary>Heap bytes held (the state array, when allocated).</summary>
    public readonly int EstimatedBytes => _state is null ? 0 : 24 + (_state.Length * 4);

    /// <summary>The current median estimate of feature <paramref name="feature"/>, NaN before any value.</summary>
    public readonly float Median(int feature) => _state is null ? float.NaN : _state[feature * 2];

    /// <summary>The current MAD estimate of feature <paramref name="feature"/>, NaN before any value.</summary>
    public readonly float Mad(int feature) => _state is null ? float.NaN : _state[(feature * 2) + 1];

    /// <summary>
    /// Scores <paramref name="values"/> against the estimates so far, then updates them with the values.
    /// Returns NaN during warm-up or when every value is missing (NaN).
    /// </summary>
    public float ScoreAndUpdate(ReadOnlySpan<float> values)
    {
        var state = _state ??= InitialState(values.Length);
        if (state.Length != values.Length * 2)
        {
            throw new ArgumentException($"expected {state.Length / 2} values, got {values.Length}", nameof(values));
        }

        var warm = _seen >= WarmUpEvents;
        var n = _seen + 1;
        var score = float.NaN;
        for (var f = 0; f < values.Length; f++)
        {
            var x = values[f];
            if (float.IsNaN(x) || float.IsInfinity(x))
            {
                continue;
            }

            ref var median = ref state[f * 2];
            ref var mad = ref state[(f * 2) + 1];
            if (float.IsNaN(median))
            {
                median = x;
                mad = 0;
                continue;
            }

            var deviation = Math.Abs(x - median);
            if (!warm)
            {
                // Seed: running mean and mean absolute deviation over the warm-up events.
                mad += (deviation - mad) / n;
                median += (x - median) / n;
                continue;
            }

            var scale = Math.Max(mad, RelativeFloor * (1 + Math.Abs(median)));
            var z = NormalConsistency * deviation / scale;
            if (!(score >= z))
            {
                score = z;
            }

            // Up by a fraction of itself; a MAD that is tiny next to the feature's level (a feature constant so far) may
            // also grow by a small fraction of that level, so it does not need hundreds of events to leave zero. Either
            // step is bounded whatever the deviation, so one outlier cannot inflate the MAD.
            mad = deviation > mad
                ? mad + (Rate * Math.Max(mad, Rate * Math.Min(deviation, 1 + Math.Abs(median))))
                : mad - (Rate * mad);
            median += x > median ? Rate * scale : x < median ? -Rate * scale : 0;
        }

        if (_seen < int.MaxValue)
        {
            _seen++;
        }

        return warm ? score : float.NaN;
    }

    /// <summary>Writes the estimates.</summary>
    public readonly void WriteTo(ref SnapshotWriter writer)
    {
        writer.Write(_seen);
        writer.Write(_state?.Length ?? 0);
        if (_state is not null)
        {
            writer.Write(_state);
        }
    }

    /// <summary>Reads estimates written by <see cref="WriteTo"/> for <paramref name="features"/> features.</summary>
    /// <exception cref="InvalidDataException">The data is truncated or was written for another number of features.</exception>
    public static RobustZScore ReadFrom(ref SnapshotReader reader, int features)
    {
        var seen = reader.ReadInt32();
        var length = reader.ReadInt32();
        if (seen < 0 || (length != 0 && length != features * 2))
        {
            throw new InvalidDataException($"robust score state holds {length} values, expected {features * 2}");
        }

        var result = new RobustZScore { _seen = seen };
        if (length > 0)
        {
            result._state = new float[length];
            reader.Read(result._state);
        }

        return result;
    }

    private static float[] InitialState(int features)
    {
        var state = new float[features * 2];
        state.AsSpan().Fill(float.NaN);
        return state;
    }
}
