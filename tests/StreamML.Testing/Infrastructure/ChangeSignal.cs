namespace StreamML.Testing.Infrastructure;

/// <summary>
/// Lets a test wait for a condition over state that other threads change: whoever changes the state calls
/// <see cref="Notify"/>, and a waiter re-checks its condition only then, never on a timer. Notifying costs one
/// interlocked read while nobody waits, so it can sit on a hot path (every prediction of a test cluster).
/// </summary>
public sealed class ChangeSignal
{
    private TaskCompletionSource _next = NewSource();
    private int _armed;

    /// <summary>Wakes every waiter so it re-checks its condition; call it after the state changed.</summary>
    public void Notify()
    {
        // A waiter arms before it reads the state, and the state is written before this read: either the waiter sees
        // the change, or this sees the waiter armed and wakes it.
        if (Interlocked.Exchange(ref _armed, 0) == 1)
        {
            Interlocked.Exchange(ref _next, NewSource()).TrySetResult();
        }
    }

    /// <summary>
    /// Completes once <paramref name="condition"/> holds, checked now and after each <see cref="Notify"/>; throws a
    /// <see cref="TimeoutException"/> naming <paramref name="what"/> when it still does not hold after <paramref name="timeout"/>.
    /// </summary>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Interlocked.Exchange(ref _armed, 1);
            var next = Volatile.Read(ref _next).Task;
            if (condition())
            {
                return;
            }

            try
            {
                await next.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
                if (condition())
                {
                    return;
                }

                throw new TimeoutException($"timed out after {timeout.TotalSeconds:0.#} s waiting for {what}");
            }
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
