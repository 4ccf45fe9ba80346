using System.Runtime.InteropServices;

namespace StreamML.Grains.Services;

/// <summary>
/// Runs training off the Orleans scheduler and the thread pool that serves grains: on a dedicated background thread,
/// one run at a time per silo, each learner single-threaded, so a fit takes at most one core and never blocks a grain turn.
/// The thread runs at a lower OS priority (<c>Model.TrainingNice</c>): a fit takes a whole core, which on a small machine
/// is a large share of what scoring has; at a lower priority it uses the cores scoring leaves idle and yields to scoring
/// when both want them.
/// </summary>
public sealed class TrainingPool : IDisposable
{
    private const int PriorityProcess = 0;
    private readonly SemaphoreSlim _slots = new(1, 1);
    private readonly int _nice;
    private long _priorityFailures;

    /// <summary>Creates the pool with the configured training priority.</summary>
    public TrainingPool(PlatformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _nice = context.Model.TrainingNice;
    }

    /// <summary>Fits whose thread could not be given the configured lower priority (they ran at normal priority).</summary>
    public long PriorityFailures => Interlocked.Read(ref _priorityFailures);

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
                    LowerPriority();
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
            if (!OperatingSystem.IsLinux() && _nice > 0)
            {
                thread.Priority = _nice >= 10 ? ThreadPriority.Lowest : ThreadPriority.BelowNormal;
            }

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

    /// <summary>
    /// On Linux, <see cref="Thread.Priority"/> does nothing under the default scheduler; the nice value does, and it is a
    /// per-thread attribute there: getpriority and setpriority with who = 0 read and change the calling thread only. The thread is new for each
    /// fit, so the priority it gives up (an unprivileged thread cannot raise it again) dies with it. Threads the learner
    /// starts from here inherit it.
    /// </summary>
    private void LowerPriority()
    {
        if (!OperatingSystem.IsLinux() || _nice <= 0)
        {
            return;
        }

        // Relative to what the thread inherited, so a silo started under nice keeps its training below its scoring.
        Marshal.SetLastPInvokeError(0);
        var current = GetPriority(PriorityProcess, 0);
        if ((current == -1 && Marshal.GetLastPInvokeError() != 0) || SetPriority(PriorityProcess, 0, Math.Min(19, current + _nice)) != 0)
        {
            Interlocked.Increment(ref _priorityFailures);
        }
    }

    // DllImport rather than LibraryImport: the arguments are blittable, and the source-generated stub would need unsafe code.
    [DllImport("libc", EntryPoint = "setpriority")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetPriority(int which, int who);
}
