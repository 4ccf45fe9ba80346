namespace StreamML.Grains.Services;

/// <summary>
/// Runs training off the Orleans scheduler and the thread pool that serves grains: on a dedicated background thread,
/// one run at a time per silo, each learner single-threaded, so a fit takes at most one core and never blocks a grain turn.
/// </summary>
public sealed class TrainingPool : IDisposable
{
    private readonly SemaphoreSlim _slots = new(1, 1);

    /// <summary>Runs <paramref name="work"/> on a dedicated thread once a slot is free.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, T> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() =>
            {
                try
                {
                    completion.TrySetResult(work(cancellationToken));
                }
                catch (OperationCanceledException ex)
                {
                    completion.TrySetCanceled(ex.CancellationToken);
                }
                catch (Exception ex)
                {
                    completion.TrySetException(ex);
                }
            })
            {
                IsBackground = true,
                Name = "streamml-training",
            };
            thread.Start();
            return await completion.Task.ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _slots.Dispose();
}
