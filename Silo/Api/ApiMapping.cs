using StreamML.Core.Events;
using StreamML.Core.Models;
using StreamML.GrainInterfaces;
using StreamML.GrainInterfaces.Rollout;
using StreamML.Contracts;

namespace StreamML.Silo.Api;

/// <summary>Turns grain results into the HTTP API's shapes.</summary>
internal static class ApiMapping
{
    public static double? Finite(float value) => float.IsFinite(value) ? value : null;

    public static PredictionDto ToDto(this Prediction p) => new()
    {
        EventId = p.EventId,
        Entity = p.Entity,
        Model = p.Model,
        Version = p.ModelVersion,
        Route = p.Route switch { PredictionRoute.Champion => "champion", PredictionRoute.Canary => "canary", _ => "fallback" },
        Fallback = p.IsFallback,
        Score = Finite(p.Score),
        Probability = Finite(p.Probability),
        ShadowVersion = p.ShadowVersion > 0 ? p.ShadowVersion : null,
        ShadowProbability = p.ShadowVersion > 0 ? Finite(float.IsNaN(p.ShadowProbability) ? p.ShadowScore : p.ShadowProbability) : null,
        EventTime = new DateTimeOffset(p.EventTicks, TimeSpan.Zero),
        LatencyMs = p.IngestTicks > 0 ? TimeSpan.FromTicks(p.ScoredTicks - p.IngestTicks).TotalMilliseconds : null,
        AnomalyScore = Finite(p.AnomalyScore),
        ModelAnomalyScore = Finite(p.ModelAnomalyScore),
    };

    public static EntityDto ToDto(this EntitySnapshot s)
    {
        var features = new Dictionary<string, double?>(StringComparer.Ordinal);
        for (var i = 0; i < s.FeatureNames.Length && i < s.Features.Length; i++)
        {
            features[s.FeatureNames[i]] = Finite(s.Features[i]);
        }

        return new EntityDto
        {
            Entity = s.Entity,
            Exists = s.Exists,
            Events = s.Events,
            OutOfOrder = s.OutOfOrder,
            LateAccepted = s.LateAccepted,
            LateRejected = s.LateRejected,
            Duplicates = s.Duplicates,
            Labels = s.Labels,
            LastEventTime = s.LastEventTime,
            Watermark = s.Watermark,
            Features = features,
            LastPrediction = s.LastPrediction?.ToDto(),
            StateBytes = s.StateBytes,
        };
    }

    public static RolloutAuditDto ToDto(this RolloutAudit a) => new()
    {
        Sequence = a.Sequence,
        Time = a.Time,
        Action = a.Action,
        FromVersion = a.FromVersion,
        ToVersion = a.ToVersion,
        Actor = a.Actor,
        Reason = a.Reason,
        FromPercent = a.FromPercent,
        ToPercent = a.ToPercent,
        Figures = a.Figures,
    };

    public static RetrainingStatusDto ToDto(this RetrainingStatus s) => new()
    {
        Running = s.Running,
        Reason = s.Reason,
        Completed = s.Completed,
        Failed = s.Failed,
        LastError = s.LastError,
        LastVersion = s.LastVersion,
        Skipped = s.Skipped,
        LastOutcome = s.LastOutcome,
        Triggers = s.Triggers,
        Cancelled = s.Cancelled,
    };

    public static RoutingDto ToDto(this ModelRouting r) => new()
    {
        Revision = r.Revision,
        Champion = r.Champion,
        Challenger = r.Challenger,
        CanaryPercent = r.CanaryBasisPoints / 100.0,
        Shadow = r.Shadow,
    };

    public static ModelVersionSummaryDto ToSummaryDto(this ModelVersionInfo v) => new()
    {
        Version = v.Version,
        Status = v.Status.ToString().ToLowerInvariant(),
        Trainer = v.Trainer,
        Reason = v.Reason,
        CreatedAt = v.CreatedAt,
        TrainingStart = v.TrainingStart,
        TrainingEnd = v.TrainingEnd,
        TrainingExamples = v.TrainingExamples,
        Metrics = v.Metrics,
        ParentVersion = v.ParentVersion,
        SchemaHash = v.SchemaHash,
        ArtifactSha256 = v.ArtifactSha256,
    };

    public static DriftScopeDto ToDto(this DriftReport r) => new()
    {
        Model = r.Model,
        Scope = r.Scope,
        Version = r.Version,
        Events = r.Events,
        Errors = r.Errors,
        Signals = [.. r.Signals.Select(s => new DriftSignalDto(s.Signal, s.Kind, s.ReferenceCount, s.CurrentCount, s.Psi, s.JensenShannon, s.Drift))],
        Detections = [.. r.Detections.Select(d => new DriftDetectionDto(d.Sequence, d.Model, d.Scope, d.Version, d.Kind, d.Signal, d.Statistic, d.Value, d.Threshold, d.JensenShannon, d.Index, d.At))],
        Segments = r.Segments,
        Reference = r.Reference,
    };

    public static DeadLetterPageDto ToDto(this DeadLetterPage page) => new()
    {
        Items = [.. page.Items.Select(d => new DeadLetterDto
        {
            Id = d.Id,
            At = d.At,
            Reason = d.Reason,
            Message = d.Message,
            Source = d.Source,
            Partition = d.Partition,
            Offset = d.Offset,
            Entity = d.Entity,
            EventId = d.EventId,
            Payload = d.Payload,
        })],
        Total = page.Total,
        Evicted = page.Evicted,
        ByReason = page.ByReason,
        Next = page.Next,
    };
}
