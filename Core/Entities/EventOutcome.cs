namespace StreamML.Core.Entities;

/// <summary>What an entity did with one event.</summary>
public enum EventOutcome
{
    /// <summary>Applied to the windows and scored.</summary>
    Scored = 0,

    /// <summary>Applied late (within the allowed lateness) and scored.</summary>
    ScoredLate = 1,

    /// <summary>Already applied: a replay from the source, skipped without effect.</summary>
    Duplicate = 2,

    /// <summary>Later than the allowed lateness: not applied, to be dead-lettered.</summary>
    RejectedLate = 3,
}
