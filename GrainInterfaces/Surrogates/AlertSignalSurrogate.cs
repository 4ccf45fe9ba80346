using StreamML.Core.Alerts;

namespace StreamML.GrainInterfaces.Surrogates;

/// <summary>Wire form of <see cref="AlertSignal"/>.</summary>
[GenerateSerializer]
[Alias("streamml.AlertSignal")]
public struct AlertSignalSurrogate
{
    /// <summary>Kind.</summary>
    [Id(0)] public AlertSignalKind Kind;

    /// <summary>Key.</summary>
    [Id(1)] public string Key;

    /// <summary>Observation time.</summary>
    [Id(2)] public DateTimeOffset Time;

    /// <summary>Value.</summary>
    [Id(3)] public double Value;

    /// <summary>Count.</summary>
    [Id(4)] public long Count;

    /// <summary>Total.</summary>
    [Id(5)] public long Total;

    /// <summary>Source.</summary>
    [Id(6)] public string? Source;

    /// <summary>Message.</summary>
    [Id(7)] public string? Message;
}

/// <summary>Converts <see cref="AlertSignal"/> to and from its wire form.</summary>
[RegisterConverter]
public sealed class AlertSignalConverter : IConverter<AlertSignal, AlertSignalSurrogate>
{
    /// <inheritdoc />
    public AlertSignal ConvertFromSurrogate(in AlertSignalSurrogate s) => new()
    {
        Kind = s.Kind,
        Key = s.Key,
        Time = s.Time,
        Value = s.Value,
        Count = s.Count,
        Total = s.Total,
        Source = s.Source,
        Message = s.Message,
    };

    /// <inheritdoc />
    public AlertSignalSurrogate ConvertToSurrogate(in AlertSignal value) => new()
    {
        Kind = value.Kind,
        Key = value.Key,
        Time = value.Time,
        Value = value.Value,
        Count = value.Count,
        Total = value.Total,
        Source = value.Source,
        Message = value.Message,
    };
}
