namespace StreamML.Silo.Telemetry;

/// <summary>How the silo samples traces for its exporters (<c>StreamML:Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "StreamML:Telemetry";

    /// <summary>
    /// The share of partition read batches (and HTTP requests) whose trace is recorded: the batch's first event is
    /// followed through its entity group's turn to its scoring. Traces are recorded only when an exporter is configured.
    /// </summary>
    /// <value>The default value is 0.01 (one batch in a hundred).</value>
    public double TraceSampleRatio { get; set; } = 0.01;

    /// <summary>Every problem with these options; empty when they are valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (!(TraceSampleRatio is >= 0 and <= 1))
        {
            yield return $"{SectionName}:{nameof(TraceSampleRatio)} must be between 0 and 1.";
        }
    }
}
