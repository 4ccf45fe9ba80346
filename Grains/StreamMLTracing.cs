using System.Diagnostics;

namespace StreamML.Grains;

/// <summary>
/// The spans that follow a sampled event: the partition read that carried it, the entity group's turn that applied it and
/// the scoring of its batch. Every span is started only when a listener samples it, so an unobserved silo pays one
/// check per read batch and per group call.
/// </summary>
internal static class StreamMLTracing
{
    /// <summary>Span of one read batch of a partition, dispatched to its entity groups (the root of a sampled event's trace).</summary>
    public const string PartitionRead = "streamml.partition.read";

    /// <summary>Span of the entity group grain's turn that applies the batch holding the sampled event.</summary>
    public const string GroupApply = "streamml.group.apply";

    /// <summary>Span of the scoring of that batch.</summary>
    public const string Score = "streamml.score";

    // The W3C trace context of the sampled event's group call, carried in the Orleans request context.
    private const string TraceParentKey = "streamml.traceparent";

    private static readonly ActivitySource Grains = new(StreamMLDiagnostics.GrainsActivitySource);
    private static readonly ActivitySource Inference = new(StreamMLDiagnostics.InferenceActivitySource);

    /// <summary>Starts the span of a read batch when a listener samples it; null otherwise.</summary>
    public static Activity? StartRead(string source, int partition, long firstOffset, int records)
    {
        if (!Grains.HasListeners())
        {
            return null;
        }

        var activity = Grains.StartActivity(PartitionRead, ActivityKind.Consumer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("streamml.source", source);
            activity.SetTag("streamml.partition", partition);
            activity.SetTag("streamml.offset", firstOffset);
            activity.SetTag("streamml.records", records);
        }

        return activity;
    }

    /// <summary>The read span being dispatched on this flow, when it was sampled; null otherwise.</summary>
    public static Activity? SampledRead() =>
        Activity.Current is { Recorded: true, OperationName: PartitionRead } read && ReferenceEquals(read.Source, Grains) ? read : null;

    /// <summary>
    /// Marks the sampled event on <paramref name="read"/> and carries its trace context into the group calls started
    /// until the returned scope ends (Orleans copies the request context into each call it sends, and a started call
    /// keeps the context it began with).
    /// </summary>
    public static IDisposable Carry(Activity read, string eventId, long group)
    {
        read.SetTag("streamml.event.id", eventId);
        read.SetTag("streamml.group", group);
        RequestContext.Set(TraceParentKey, read.Id!);
        return TraceCarrier.Instance;
    }

    /// <summary>Starts the span of a group's turn when its call carries a sampled event's trace context; null otherwise.</summary>
    public static Activity? StartGroupApply(long group, int events, int labels)
    {
        if (!Grains.HasListeners() || RequestContext.Get(TraceParentKey) is not string traceParent
            || !ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent))
        {
            return null;
        }

        var activity = Grains.StartActivity(GroupApply, ActivityKind.Server, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("streamml.group", group);
            activity.SetTag("streamml.events", events);
            activity.SetTag("streamml.labels", labels);
        }

        return activity;
    }

    /// <summary>Ends a <see cref="Carry"/> scope.</summary>
    private sealed class TraceCarrier : IDisposable
    {
        public static readonly TraceCarrier Instance = new();

        public void Dispose() => RequestContext.Remove(TraceParentKey);
    }

    /// <summary>Starts the scoring span inside a sampled group turn; null outside one.</summary>
    public static Activity? StartScore(string model, int events) =>
        Activity.Current is { OperationName: GroupApply } apply && ReferenceEquals(apply.Source, Grains) && Inference.HasListeners()
            ? Inference.StartActivity(Score, ActivityKind.Internal)?.SetTag("streamml.model", model).SetTag("streamml.events", events)
            : null;
}
