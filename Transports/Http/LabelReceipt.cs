using StreamML.Core.Entities;

namespace StreamML.Transports.Http;

/// <summary>
/// What became of the labels of one HTTP request, told by the pump as each label's group call ends: completes once every
/// label was applied through the ordered path, or given up.
/// </summary>
public sealed class LabelReceipt
{
    private readonly TaskCompletionSource<LabelTally> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pending;
    private int _matched;
    private int _unmatched;
    private int _duplicates;
    private int _expired;
    private int _notApplied;

    internal LabelReceipt(int labels)
    {
        _pending = labels;
        if (labels == 0)
        {
            _done.TrySetResult(default);
        }
    }

    /// <summary>The outcomes of the request's labels, once every one is known.</summary>
    public Task<LabelTally> Completion => _done.Task;

    /// <summary>Counts one label's outcome; null when it was not applied.</summary>
    internal void Record(LabelOutcome? outcome)
    {
        switch (outcome)
        {
            case LabelOutcome.Matched:
                Interlocked.Increment(ref _matched);
                break;
            case LabelOutcome.Unmatched:
                Interlocked.Increment(ref _unmatched);
                break;
            case LabelOutcome.Duplicate:
                Interlocked.Increment(ref _duplicates);
                break;
            case LabelOutcome.Expired:
                Interlocked.Increment(ref _expired);
                break;
            default:
                Interlocked.Increment(ref _notApplied);
                break;
        }

        if (Interlocked.Decrement(ref _pending) == 0)
        {
            _done.TrySetResult(new LabelTally(
                Volatile.Read(ref _matched), Volatile.Read(ref _unmatched), Volatile.Read(ref _duplicates), Volatile.Read(ref _expired), Volatile.Read(ref _notApplied)));
        }
    }
}
