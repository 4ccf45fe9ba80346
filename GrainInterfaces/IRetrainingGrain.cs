namespace StreamML.GrainInterfaces;

/// <summary>
/// Retraining of one model (keyed by model name): single-flight, off the grain scheduler, reading the labelled-example
/// store and registering the result as a new version.
/// </summary>
[Alias("streamml.IRetrainingGrain")]
public interface IRetrainingGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts a training run unless one is under way. The reason's first word (before any ':') names the trigger:
    /// <c>drift</c> and <c>schedule</c> runs are skipped when too few examples arrived since the champion was trained.
    /// </summary>
    /// <returns>Whether a run was started.</returns>
    Task<bool> RequestAsync(string reason);

    /// <summary>
    /// Cancels the run under way: it ends at once as cancelled and registers nothing (a fit in progress finishes its current
    /// stage on the training thread and is dropped).
    /// </summary>
    /// <returns>Whether a run was under way.</returns>
    Task<bool> CancelAsync(string reason);

    /// <summary>Completes when no run is under way (at once when none is), with the status then.</summary>
    /// <param name="cancellationToken">Stops waiting (the run goes on).</param>
    Task<RetrainingStatus> WaitAsync(CancellationToken cancellationToken = default);

    /// <summary>The current state.</summary>
    Task<RetrainingStatus> GetStatusAsync();
}
