using StreamML.GrainInterfaces.Rollout;

namespace StreamML.GrainInterfaces;

/// <summary>
/// The rollout of one model (keyed by model name): applies a plan (canary ramp or shadow) to the registry's routing,
/// merges the silos' metric reports, and at each report lets the gate promote the challenger a step, make it champion,
/// or roll it back. Every decision is an audit record.
/// </summary>
[Alias("streamml.IRolloutGrain")]
public interface IRolloutGrain : IGrainWithStringKey
{
    /// <summary>The rollout's state, live figures and audit trail.</summary>
    Task<RolloutStatus> GetStatusAsync();

    /// <summary>Starts rolling <see cref="RolloutRequest.Version"/> out, superseding a rollout under way.</summary>
    /// <param name="request">The version and any settings that differ from the defaults.</param>
    /// <param name="actor">auto or api.</param>
    /// <exception cref="ArgumentException">The request names no version that can be rolled out, or bad settings.</exception>
    Task<RolloutStatus> StartAsync(RolloutRequest request, string actor);

    /// <summary>Makes the challenger champion now, or <paramref name="version"/> when given.</summary>
    /// <exception cref="InvalidOperationException">No version given and no rollout under way.</exception>
    Task<RolloutStatus> PromoteAsync(int? version, string actor, string reason);

    /// <summary>Drops the challenger of the rollout under way; with none, restores the previous champion.</summary>
    /// <exception cref="InvalidOperationException">Nothing to roll back.</exception>
    Task<RolloutStatus> RollbackAsync(string actor, string reason);

    /// <summary>Merges one silo's report and lets the gate decide.</summary>
    Task ReportAsync(MetricsReport report);
}
