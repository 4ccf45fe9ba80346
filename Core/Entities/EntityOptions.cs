namespace StreamML.Core.Entities;

/// <summary>How entities keep their state.</summary>
public sealed class EntityOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "StreamML:Entity";

    /// <summary>
    /// Number of entity groups: entities are hosted by group grains (entity id → stable hash → group), so one call carries
    /// the records of many sparse entities and an entity costs its state, not a grain activation. A multiple of the source
    /// partition count keeps each group within one partition.
    /// </summary>
    /// <value>The default value is 256.</value>
    public int Groups { get; set; } = 256;

    /// <summary>
    /// Pieces each group's state is stored in: only pieces whose entities changed are written, and each stays small enough
    /// to avoid the large-object heap.
    /// </summary>
    /// <value>The default value is 16.</value>
    public int StateChunks { get; set; } = 16;

    /// <summary>Persist a group's state after this many events since its last write.</summary>
    /// <value>The default value is 10,000 events.</value>
    public int PersistEveryEvents { get; set; } = 10_000;

    /// <summary>Persist a group's changed state at least this often (each group's timer starts at a random phase, so writes spread out).</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan PersistInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Predictions an entity remembers for the labels that come later.</summary>
    /// <value>The default value is 8.</value>
    public int RememberPredictions { get; set; } = 8;

    /// <summary>How long a remembered prediction waits for its label (in event time of the label).</summary>
    /// <value>The default value is 1 day.</value>
    public TimeSpan PredictionTtl { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Returns every problem with the options at once.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Groups is < 1 or > 1_000_000)
        {
            errors.Add("Entity.Groups must be between 1 and 1,000,000.");
        }

        if (StateChunks is < 1 or > 1_024)
        {
            errors.Add("Entity.StateChunks must be between 1 and 1024.");
        }

        if (PersistEveryEvents < 1)
        {
            errors.Add("Entity.PersistEveryEvents must be at least 1.");
        }

        if (PersistInterval <= TimeSpan.Zero)
        {
            errors.Add("Entity.PersistInterval must be positive.");
        }

        if (RememberPredictions is < 0 or > 4_096)
        {
            errors.Add("Entity.RememberPredictions must be between 0 and 4096.");
        }

        if (PredictionTtl <= TimeSpan.Zero)
        {
            errors.Add("Entity.PredictionTtl must be positive.");
        }

        return errors;
    }
}
