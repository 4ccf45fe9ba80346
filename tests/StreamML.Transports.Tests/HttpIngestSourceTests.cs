using StreamML.Core.Entities;
using StreamML.Core.Events;
using StreamML.Core.Sources;
using StreamML.Grains.Pumps;
using StreamML.Transports.Http;

namespace StreamML.Transports.Tests;

/// <summary>The HTTP ingest queue: one order for events and labels, one capacity, and a receipt per request of labels.</summary>
[Trait("Category", "BVT")]
public sealed class HttpIngestSourceTests
{
    private static StreamEvent Event(string id) => new(id, "m-1", 0, [1f]);

    private static LabelEvent Label(string id) => new(id, "m-1", 1);

    [Fact]
    public async Task Read_EventsAndLabels_ComeInTheOrderQueuedWithOffsets()
    {
        await using var source = new HttpIngestSource(10, TimeProvider.System);
        Assert.True(source.TryEnqueue([Event("e1")]));
        Assert.NotNull(source.TryEnqueueLabels([Label("e1")]));
        Assert.True(source.TryEnqueue([Event("e2")]));

        await using var reader = await source.OpenAsync(0, null);
        var buffer = new SourceRecord[8];
        var n = await reader.ReadAsync(buffer);

        Assert.Equal(3, n);
        Assert.Equal(["event e1", "label e1", "event e2"], buffer[..n].Select(r => r.Event is { } e ? $"event {e.Id}" : $"label {r.Label!.EventId}"));
        Assert.Equal([0L, 1L, 2L], buffer[..n].Select(r => r.Offset));
        Assert.Equal(0, source.Queued);
    }

    [Fact]
    public async Task Enqueue_PastTheCapacity_RefusesTheWholeRequestEventsAndLabelsAlike()
    {
        await using var source = new HttpIngestSource(3, TimeProvider.System);

        Assert.True(source.TryEnqueue([Event("e1"), Event("e2")]));
        Assert.Null(source.TryEnqueueLabels([Label("e1"), Label("e2")]));
        Assert.NotNull(source.TryEnqueueLabels([Label("e1")]));
        Assert.False(source.TryEnqueue([Event("e3")]));
        Assert.Equal(3, source.Queued);
    }

    [Fact]
    public async Task Receipt_CompletesOnceEveryLabelIsTold()
    {
        await using var source = new HttpIngestSource(10, TimeProvider.System);
        LabelEvent[] labels = [Label("a"), Label("b"), Label("c"), Label("d"), Label("e")];
        var receipt = source.TryEnqueueLabels(labels)!;
        LabelEnvelope[] envelopes = [.. labels.Select(LabelEnvelope.NotFromLog)];
        ILabelOutcomeObserver observer = source;

        observer.OnApplied(envelopes.AsSpan(0, 2), [LabelOutcome.Matched, LabelOutcome.Duplicate]);
        observer.OnNotApplied(envelopes.AsSpan(2, 1));
        observer.OnApplied(envelopes.AsSpan(3, 1), [LabelOutcome.Expired]);
        Assert.False(receipt.Completion.IsCompleted);

        // A label told twice counts once; one with no known outcome counts as not applied.
        observer.OnApplied(envelopes.AsSpan(0, 1), [LabelOutcome.Unmatched]);
        observer.OnApplied(envelopes.AsSpan(4, 1), []);

        Assert.Equal(new LabelTally(Matched: 1, Unmatched: 0, Duplicates: 1, Expired: 1, NotApplied: 2), await receipt.Completion);
    }

    [Fact]
    public async Task Close_GivesUpEveryLabelWaitingAndEveryLabelQueuedAfter()
    {
        await using var source = new HttpIngestSource(10, TimeProvider.System);
        var waiting = source.TryEnqueueLabels([Label("a"), Label("b")])!;

        source.Close();
        var late = source.TryEnqueueLabels([Label("c")])!;

        Assert.Equal(new LabelTally(0, 0, 0, 0, NotApplied: 2), await waiting.Completion);
        Assert.Equal(new LabelTally(0, 0, 0, 0, NotApplied: 1), await late.Completion);
        Assert.Equal(2, source.Queued);
    }
}
