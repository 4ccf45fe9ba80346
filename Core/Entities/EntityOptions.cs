namespace StreamML.Core.Entities;

/// <summary>How entities keep their state.</summary>
public sealed class EntityOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "StreamML:Entity";

    /// <summary>Persist an entity's state after this many events since its last write.</summary>
    /// <value>The default value is 1,000 events.</value>
    public int PersistEveryEvents { get; set; } = 1_000;

    /// <summary>Persist an entity's changed state at least this often (each entity's timer starts at a random phase, so writes spread out).</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan PersistInterval { get; set; } = TimeSpan.FromSeconds(10);

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
