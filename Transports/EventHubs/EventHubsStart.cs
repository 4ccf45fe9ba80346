namespace StreamML.Transports.EventHubs;

/// <summary>Where a partition with no checkpoint yet is read from.</summary>
public enum EventHubsStart
{
    /// <summary>The oldest event the event hub still retains, as the other sources start from the beginning of their logs.</summary>
    Earliest = 0,

    /// <summary>Only events enqueued after the reader opens.</summary>
    Latest = 1,
}
