namespace StreamML.Core.Features;

/// <summary>
/// The folded start of a tumbling bucket or a session whose events an entity no longer buffers: enough to continue
/// every aggregate exactly as if those events were still there.
/// </summary>
internal sealed class WindowPrefix(int features)
{
    /// <summary>The tumbling bucket (time / duration) the prefix belongs to; unused for sessions.</summary>
    public long Bucket;

    /// <summary>Events folded.</summary>
    public long Events;

    /// <summary>Time of the first folded event.</summary>
    public long FirstTime;

    /// <summary>Time of the last folded event.</summary>
    public long LastTime;

    /// <summary>Per-feature state, in the window's feature order.</summary>
    public readonly WindowAccumulator[] Features = new WindowAccumulator[features];

    public void Reset(long bucket)
    {
        Bucket = bucket;
        Events = 0;
        Array.Fill(Features, WindowAccumulator.Empty);
    }

    public int EstimatedBytes => 48 + 24 + (Features.Length * 88);
}
