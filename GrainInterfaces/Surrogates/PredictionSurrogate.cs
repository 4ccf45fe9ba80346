using StreamML.Core.Events;

namespace StreamML.GrainInterfaces.Surrogates;

/// <summary>Wire form of <see cref="Prediction"/>.</summary>
[GenerateSerializer]
[Alias("streamml.Prediction")]
public struct PredictionSurrogate
{
    /// <summary>Event id.</summary>
    [Id(0)] public string EventId;

    /// <summary>Entity id.</summary>
    [Id(1)] public string Entity;

    /// <summary>Model name.</summary>
    [Id(2)] public string Model;

    /// <summary>Serving version.</summary>
    [Id(3)] public int ModelVersion;

    /// <summary>Route.</summary>
    [Id(4)] public PredictionRoute Route;

    /// <summary>Score.</summary>
    [Id(5)] public float Score;

    /// <summary>Probability.</summary>
    [Id(6)] public float Probability;

    /// <summary>Shadow version.</summary>
    [Id(7)] public int ShadowVersion;

    /// <summary>Shadow score.</summary>
    [Id(8)] public float ShadowScore;

    /// <summary>Shadow probability.</summary>
    [Id(9)] public float ShadowProbability;

    /// <summary>Event time.</summary>
    [Id(10)] public long EventTicks;

    /// <summary>Ingest time.</summary>
    [Id(11)] public long IngestTicks;

    /// <summary>Scoring time.</summary>
    [Id(12)] public long ScoredTicks;

    /// <summary>Segment.</summary>
    [Id(13)] public string? Segment;

    /// <summary>Per-entity anomaly score.</summary>
    [Id(14)] public float AnomalyScore;

    /// <summary>Model-level anomaly score.</summary>
    [Id(15)] public float ModelAnomalyScore;
}

/// <summary>Converts <see cref="Prediction"/> to and from its wire form.</summary>
[RegisterConverter]
public sealed class PredictionConverter : IConverter<Prediction, PredictionSurrogate>
{
    /// <inheritdoc />
    public Prediction ConvertFromSurrogate(in PredictionSurrogate s) => new()
    {
        EventId = s.EventId,
        Entity = s.Entity,
        Model = s.Model,
        ModelVersion = s.ModelVersion,
        Route = s.Route,
        Score = s.Score,
        Probability = s.Probability,
        ShadowVersion = s.ShadowVersion,
        ShadowScore = s.ShadowScore,
        ShadowProbability = s.ShadowProbability,
        EventTicks = s.EventTicks,
        IngestTicks = s.IngestTicks,
        ScoredTicks = s.ScoredTicks,
        Segment = s.Segment,
        AnomalyScore = s.AnomalyScore,
        ModelAnomalyScore = s.ModelAnomalyScore,
    };

    /// <inheritdoc />
    public PredictionSurrogate ConvertToSurrogate(in Prediction p) => new()
    {
        EventId = p.EventId,
        Entity = p.Entity,
        Model = p.Model,
        ModelVersion = p.ModelVersion,
        Route = p.Route,
        Score = p.Score,
        Probability = p.Probability,
        ShadowVersion = p.ShadowVersion,
        ShadowScore = p.ShadowScore,
        ShadowProbability = p.ShadowProbability,
        EventTicks = p.EventTicks,
        IngestTicks = p.IngestTicks,
        ScoredTicks = p.ScoredTicks,
        Segment = p.Segment,
        AnomalyScore = p.AnomalyScore,
        ModelAnomalyScore = p.ModelAnomalyScore,
    };
}
