namespace StreamML.Core.Features;

/// <summary>What an entity's windows did with an event.</summary>
public enum EventAdmission
{
    /// <summary>Accepted on time (at or after the watermark).</summary>
    Accepted = 0,

    /// <summary>Accepted behind the watermark but within the allowed lateness.</summary>
    AcceptedLate = 1,

    /// <summary>Refused: earlier than the watermark less the allowed lateness. No state changed but the counter.</summary>
    RejectedLate = 2,
}
