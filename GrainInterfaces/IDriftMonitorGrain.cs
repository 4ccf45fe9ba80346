namespace StreamML.GrainInterfaces;

/// <summary>
/// Drift of one model in one scope, keyed <c>{model}/{scope}</c> (scope <c>all</c> or a segment value). Fed by silo-local
/// aggregators about once a second, never per event.
/// </summary>
[Alias("streamml.IDriftMonitorGrain")]
public interface IDriftMonitorGrain : IGrainWithStringKey
{
    /// <summary>Folds one silo's sample in and evaluates.</summary>
    Task ReportAsync([Immutable] DriftSample sample);

    /// <summary>The current state and recent detections.</summary>
    Task<DriftReport> GetAsync();

    /// <summary>Detections with a sequence above <paramref name="afterSequence"/>, oldest first: what a subscriber (e.g. retraining) has not seen yet.</summary>
    Task<DriftEvent[]> GetDetectionsAfterAsync(long afterSequence);
}
