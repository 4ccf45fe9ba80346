namespace StreamML.Grains.Pumps;

/// <summary>
/// A pump's pending return to its last checkpoint: raised by whichever part finds that records may be missing from an
/// entity's state (a group answered from a new activation, a batch was not applied), served by the read loop once its
/// calls have drained.
/// </summary>
internal sealed class PumpRewind
{
    private volatile bool _requested;

    /// <summary>Whether the pump must go back to its checkpoint.</summary>
    public bool Requested => _requested;

    /// <summary>Asks the read loop to go back to the checkpoint.</summary>
    public void Request() => _requested = true;

    /// <summary>Marks the request served: the pump reads again from its checkpoint.</summary>
    public void Clear() => _requested = false;
}
