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

    /// <summary>
    /// Most dead letters one HTTP request stores; its further invalid items are still refused one by one in the answer,
    /// counted, and summed up in one more dead letter with the reason <c>Omitted</c>.
    /// </summary>
    /// <value>The default value is 100.</value>
    public int MaxPerRequest { get; set; } = 100;
}
