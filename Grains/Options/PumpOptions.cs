namespace StreamML.Grains.Options;

/// <summary>How partition pumps move records from a source to entity grains.</summary>
public sealed class PumpOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "StreamML:Pump";

    /// <summary>Records read from a partition at a time.</summary>
    /// <value>The default value is 4,096.</value>
    public int ReadBatchSize { get; set; } = 4_096;

    /// <summary>Entity calls a pump keeps in flight at most (its backpressure bound).</summary>
    /// <value>The default value is 256.</value>
    public int MaxInFlightCalls { get; set; } = 256;

    /// <summary>How often a pump persists the entities it touched and then checkpoints its partition.</summary>
    /// <value>The default value is 30 seconds (what a restart replays at most).</value>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First wait after a source failure; doubles up to <see cref="MaxBackoff"/>, with jitter.</summary>
    /// <value>The default value is 200 milliseconds.</value>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between retries of a failing source or grain call.</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// First wait before a pump that stopped with an error (a reader, decoder or checkpoint that fails for a reason a
    /// retry does not cure) starts again from its checkpoint; doubles with each restart that made no progress, up to
    /// <see cref="MaxRestartBackoff"/>, with jitter of a fifth either way.
    /// </summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan InitialRestartBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait before a faulted pump starts again.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan MaxRestartBackoff { get; set; } = TimeSpan.FromMinutes(5);
}
