using StreamML.Core.Alerts;

namespace StreamML.GrainInterfaces;

/// <summary>
/// The cluster's alert evaluator (key 0): takes batched signals (silo figures every report interval, drift detections
/// from the drift monitor), evaluates the configured rules, de-duplicates, and hands notifications to the sinks of the
/// silo it runs on without waiting for them.
/// </summary>
[Alias("streamml.IAlertGrain")]
public interface IAlertGrain : IGrainWithIntegerKey
{
    /// <summary>Takes a batch of signals and evaluates the rules at once.</summary>
    Task SignalAsync([Immutable] AlertSignal[] signals);

    /// <summary>The active (pending and firing) and recently resolved alerts.</summary>
    Task<AlertsView> GetAsync();
}
