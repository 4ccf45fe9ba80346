namespace StreamML.Grains.Services;

/// <summary>Why a silo-local sink dropped items (the <c>reason</c> tag of <c>streamml.sink.dropped</c>).</summary>
public enum SinkDropReason
{
    /// <summary>The queue was full when a grain tried to add an item without waiting.</summary>
    Overflow,

    /// <summary>The grain the items go to kept failing for longer than the sink's retry limit.</summary>
    Undeliverable,
}
