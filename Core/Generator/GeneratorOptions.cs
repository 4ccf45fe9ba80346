namespace StreamML.Core.Generator;

/// <summary>
/// The built-in generator of entity events: smart meters that report power, voltage, temperature and load, and a
/// fault label that depends on how far a reading strays from the meter's own normal level. Seeded and deterministic.
/// </summary>
public sealed class GeneratorOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "StreamML:Generator";

    /// <summary>Number of distinct entities.</summary>
    /// <value>The default value is 10,000.</value>
    public int Entities { get; set; } = 10_000;

    /// <summary>Events per second across all partitions; 0 produces as fast as the reader asks (benchmarks, replays).</summary>
    /// <value>The default value is 10,000 events per second.</value>
    public double EventsPerSecond { get; set; } = 10_000;

    /// <summary>The rate that spaces event times when <see cref="EventsPerSecond"/> is 0.</summary>
    /// <value>The default value is 10,000 events per second.</value>
    public double NominalEventsPerSecond { get; set; } = 10_000;

    /// <summary>Number of partitions; each entity belongs to one by stable hash.</summary>
    /// <value>The default value is 4.</value>
    public int Partitions { get; set; } = 4;

    /// <summary>Seed: the same seed and options give the same records at the same offsets.</summary>
    /// <value>The default value is 42.</value>
    public int Seed { get; set; } = 42;

    /// <summary>Total events to produce across partitions; null for an endless stream.</summary>
    public long? MaxEvents { get; set; }

    /// <summary>Event-time delay between an event and its label.</summary>
    /// <value>The default value is 2 seconds.</value>
    public TimeSpan LabelDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Share of events whose label is delivered.</summary>
    /// <value>The default value is 1.</value>
    public double LabelFraction { get; set; } = 1.0;

    /// <summary>Event time of the first event; null takes the clock's time when the source starts.</summary>
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>Changes injected at configured event times.</summary>
    public IList<DriftInjection> Drifts { get; set; } = [];

    /// <summary>Returns every problem with the options at once.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Entities is < 1 or > 10_000_000)
        {
            errors.Add("Generator.Entities must be between 1 and 10,000,000.");
        }

        if (!(EventsPerSecond >= 0) || double.IsInfinity(EventsPerSecond))
        {
            errors.Add("Generator.EventsPerSecond must be 0 (unthrottled) or a positive rate.");
        }

        if (!(NominalEventsPerSecond > 0) || double.IsInfinity(NominalEventsPerSecond))
        {
            errors.Add("Generator.NominalEventsPerSecond must be positive.");
        }

        if (Partitions is < 1 or > 1_024)
        {
            errors.Add("Generator.Partitions must be between 1 and 1024.");
        }

        if (MaxEvents is < 0)
        {
            errors.Add("Generator.MaxEvents must not be negative.");
        }

        if (LabelDelay < TimeSpan.Zero)
        {
            errors.Add("Generator.LabelDelay must not be negative.");
        }

        if (!(LabelFraction >= 0 && LabelFraction <= 1))
        {
            errors.Add("Generator.LabelFraction must be between 0 and 1.");
        }

        for (var i = 0; i < Drifts.Count; i++)
        {
            var d = Drifts[i];
            if (d.At < TimeSpan.Zero)
            {
                errors.Add($"Generator.Drifts[{i}].At must not be negative.");
            }

            if (d.Duration < TimeSpan.Zero)
            {
                errors.Add($"Generator.Drifts[{i}].Duration must not be negative.");
            }

            if (d.Lasts is { } lasts && lasts <= d.Duration)
            {
                errors.Add($"Generator.Drifts[{i}].Lasts must be longer than its Duration.");
            }

            if (!double.IsFinite(d.Magnitude))
            {
                errors.Add($"Generator.Drifts[{i}].Magnitude must be a finite number.");
            }
        }

        return errors;
    }

    /// <summary>The event rate that spaces event times.</summary>
    public double EffectiveRate => EventsPerSecond > 0 ? EventsPerSecond : NominalEventsPerSecond;
}
