namespace StreamML.GrainInterfaces;

/// <summary>
/// Retraining of one model (keyed by model name): single-flight, off the grain scheduler, reading the labelled-example
/// store and registering the result as a new version.
/// </summary>
[Alias("streamml.IRetrainingGrain")]
public interface IRetrainingGrain : IGrainWithStringKey
{
    /// <summary>Starts a training run unless one is under way.</summary>
    /// <returns>Whether a run was started.</returns>
    Task<bool> RequestAsync(string reason);

    /// <summary>The current state.</summary>
    Task<RetrainingStatus> GetStatusAsync();
}
