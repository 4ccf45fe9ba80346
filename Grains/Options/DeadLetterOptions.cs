namespace StreamML.Grains.Options;

/// <summary>How the dead-letter store is bounded and persisted.</summary>
public sealed class DeadLetterOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "StreamML:DeadLetter";

    /// <summary>Most dead letters kept; older ones are evicted (and counted).</summary>
    /// <value>The default value is 10,000.</value>
    public int Capacity { get; set; } = 10_000;

    /// <summary>How often a changed store is persisted.</summary>
    /// <value>The default value is 2 seconds.</value>
    public TimeSpan PersistInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Returns every problem with the options at once.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Capacity is < 1 or > 10_000_000)
        {
            errors.Add("DeadLetter.Capacity must be between 1 and 10,000,000.");
        }

        if (PersistInterval <= TimeSpan.Zero)
        {
            errors.Add("DeadLetter.PersistInterval must be positive.");
        }

        return errors;
    }
}
