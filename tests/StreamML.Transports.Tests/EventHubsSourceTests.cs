using System.Text;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using StreamML.Core.Sources;
using StreamML.Transports.EventHubs;

namespace StreamML.Transports.Tests;

/// <summary>
/// The native Event Hubs source against the SDK's model factory and a subclassed <c>PartitionReceiver</c>: no Event Hubs
/// emulator runs here, so what the service would send is made with <see cref="EventHubsModelFactory"/>.
/// </summary>
[Trait("Category", "BVT")]
public sealed class EventHubsSourceTests
{
    private const string Key = "c2VjcmV0LWtleS1kby1ub3QtbG9n";
    private const string ConnectionString = $"Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey={Key}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadAsync_EventsAndLabels_DecodedWithSequenceNumbersAsOffsets()
    {
        var hub = new FakeEventHub("meters", 2);
        hub.Append(1, """{"id":"e-1"}""", first: 7);
        hub.Append(1, """{"id":"e-1","label":1}""", RecordFields.LabelKind);
        hub.Append(1, """{"id":"e-2"}""", RecordFields.EventKind);
        await using var source = Source(hub);
        await using var reader = await source.OpenAsync(1, null, Ct);

        var buffer = new SourceRecord[16];
        var n = await reader.ReadAsync(buffer, Ct);

        Assert.Equal(3, n);
        Assert.Equal([7L, 8L, 9L], buffer[..3].Select(r => r.Offset));
        Assert.Equal([false, true, false], buffer[..3].Select(r => r.IsLabel));
        Assert.Equal("""{"id":"e-1","label":1}""", Encoding.UTF8.GetString(buffer[1].Payload.Span));
        Assert.Equal(EventPosition.Earliest, Assert.Single(hub.Receivers).Position);
    }

    [Fact]
    public async Task OpenAsync_AfterCheckpoint_ResumesAfterThatSequenceNumberWithNothingSkippedOrRepeated()
    {
        var hub = new FakeEventHub("meters", 1);
        for (var i = 0; i < 10; i++)
        {
            hub.Append(0, $"e-{i}");
        }

        await using var source = Source(hub);
        var buffer = new SourceRecord[4];
        long checkpoint;
        await using (var first = await source.OpenAsync(0, null, Ct))
        {
            Assert.Equal(4, await first.ReadAsync(buffer, Ct));
            checkpoint = buffer[3].Offset;
        }

        await using var resumed = await source.OpenAsync(0, checkpoint, Ct);
        var read = new List<SourceRecord>();
        for (var n = await resumed.ReadAsync(buffer, Ct); n > 0; n = await resumed.ReadAsync(buffer, Ct))
        {
            read.AddRange(buffer[..n]);
        }

        Assert.Equal(EventPosition.FromSequenceNumber(3, isInclusive: false), hub.Receivers[1].Position);
        Assert.True(hub.Receivers[0].Closed);
        Assert.Equal(Enumerable.Range(4, 6).Select(i => (long)i), read.Select(r => r.Offset));
        Assert.Equal(Enumerable.Range(4, 6).Select(i => $"e-{i}"), read.Select(r => Encoding.UTF8.GetString(r.Payload.Span)));
    }

    [Fact]
    public async Task OpenAsync_NoCheckpointAndStartFromLatest_ReadsOnlyNewEvents()
    {
        var hub = new FakeEventHub("meters", 1);
        hub.Append(0, "old");
        await using var source = Source(hub, o => o.StartFrom = EventHubsStart.Latest);
        await using var reader = await source.OpenAsync(0, null, Ct);
        var buffer = new SourceRecord[4];

        Assert.Equal(0, await reader.ReadAsync(buffer, Ct));
        hub.Append(0, "new");
        Assert.Equal(1, await reader.ReadAsync(buffer, Ct));

        Assert.Equal(EventPosition.Latest, hub.Receivers[0].Position);
        Assert.Equal("new", Encoding.UTF8.GetString(buffer[0].Payload.Span));
    }

    [Fact]
    public async Task GetPartitionsAsync_IdsOfTheHub_AreTheAssignablePartitionsInOrder()
    {
        var hub = new FakeEventHub("meters", 3) { PartitionIds = ["2", "0", "1"] };
        await using var source = Source(hub);

        Assert.Equal([0, 1, 2], await source.GetPartitionsAsync(Ct));
    }

    [Fact]
    public async Task GetPartitionsAsync_NamespaceUnreachable_IsSourceUnavailable()
    {
        var hub = new FakeEventHub("meters", 1);
        hub.Failures.Enqueue(new EventHubsException(isTransient: true, "meters", "link lost", EventHubsException.FailureReason.ServiceCommunicationProblem));
        await using var source = Source(hub);

        var ex = await Assert.ThrowsAsync<SourceUnavailableException>(async () => await source.GetPartitionsAsync(Ct));

        Assert.Contains("ServiceCommunicationProblem", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_EmptyPartition_ReturnsNoneAfterWaitingTheConfiguredTimeAtMostBatchSize()
    {
        var hub = new FakeEventHub("meters", 1);
        await using var source = Source(hub, o => (o.MaxWaitTime, o.BatchSize) = (TimeSpan.FromMilliseconds(250), 64));
        await using var reader = await source.OpenAsync(0, null, Ct);

        Assert.Equal(0, await reader.ReadAsync(new SourceRecord[16], Ct));
        Assert.Equal(0, await reader.ReadAsync(new SourceRecord[1000], Ct));

        Assert.Equal([(16, TimeSpan.FromMilliseconds(250)), (64, TimeSpan.FromMilliseconds(250))], hub.Receivers[0].Receives);
    }

    [Fact]
    public async Task ReadAsync_TransientFailure_IsSourceUnavailableAndTheRetryReopensAfterTheLastEventHandedOut()
    {
        var hub = new FakeEventHub("meters", 1);
        for (var i = 0; i < 6; i++)
        {
            hub.Append(0, $"e-{i}", first: 100);
        }

        await using var source = Source(hub);
        await using var reader = await source.OpenAsync(0, null, Ct);
        var buffer = new SourceRecord[3];
        Assert.Equal(3, await reader.ReadAsync(buffer, Ct));
        var read = buffer.ToList();

        hub.Failures.Enqueue(new EventHubsException(isTransient: true, "meters", "server busy", EventHubsException.FailureReason.ServiceBusy));
        var ex = await Assert.ThrowsAsync<SourceUnavailableException>(async () => await reader.ReadAsync(buffer, Ct));
        var n = await reader.ReadAsync(buffer, Ct);
        read.AddRange(buffer[..n]);

        Assert.IsType<EventHubsException>(ex.InnerException);
        Assert.True(hub.Receivers[0].Closed);
        Assert.Equal(EventPosition.FromSequenceNumber(102, isInclusive: false), hub.Receivers[1].Position);
        Assert.Equal(Enumerable.Range(100, 6).Select(i => (long)i), read.Select(r => r.Offset));
    }

    [Fact]
    public void Validate_ConnectionStringOrNamespace_AreBothAcceptedAndNameTheHub()
    {
        var byKey = new EventHubsSourceOptions { ConnectionString = ConnectionString + ";EntityPath=meters" };
        var byIdentity = new EventHubsSourceOptions { Namespace = "Contoso", EventHub = "meters", ManagedIdentityClientId = "00000000-0000-0000-0000-000000000001" };

        Assert.Empty(byKey.Validate());
        Assert.Empty(byIdentity.Validate());
        Assert.Equal(("contoso.servicebus.windows.net", "meters"), (byKey.FullyQualifiedNamespace, byKey.EventHubName));
        Assert.Equal(("contoso.servicebus.windows.net", "meters"), (byIdentity.FullyQualifiedNamespace, byIdentity.EventHubName));
    }

    [Fact]
    public void Validate_EverythingWrong_ListsEveryProblemWithoutTheKey()
    {
        var options = new EventHubsSourceOptions
        {
            Name = " ",
            ConsumerGroup = "",
            BatchSize = 0,
            MaxWaitTime = TimeSpan.Zero,
            PrefetchCount = -1,
            Namespace = "fabrikam",
            ConnectionString = ConnectionString + ";EntityPath=other",
            EventHub = "meters",
            ManagedIdentityClientId = "00000000-0000-0000-0000-000000000001",
        };

        var failures = options.Validate();

        Assert.Equal(8, failures.Count);
        Assert.All(failures, f => Assert.StartsWith(EventHubsSourceOptions.SectionName, f, StringComparison.Ordinal));
        Assert.All(failures, f => Assert.DoesNotContain(Key, f, StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("differs from the connection string", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("not 'meters'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("not both", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("just-a-key-" + Key)]
    [InlineData("Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=listen")]
    public void Validate_UnusableConnectionString_IsRefusedWithoutTheKey(string connectionString)
    {
        var options = new EventHubsSourceOptions { ConnectionString = connectionString, EventHub = "meters" };

        var failure = Assert.Single(options.Validate());

        Assert.StartsWith("StreamML:Sources:EventHubs:ConnectionString is not usable", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, failure, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new EventHubsSource(options));
    }

    [Fact]
    public void Validate_NeitherConnectionStringNorNamespaceNorHub_NamesBoth()
    {
        var failures = new EventHubsSourceOptions().Validate();

        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, f => f.Contains("set ConnectionString, or Namespace", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("EventHub is required", StringComparison.Ordinal));
    }

    private static EventHubsSource Source(FakeEventHub hub, Action<EventHubsSourceOptions>? configure = null)
    {
        var options = new EventHubsSourceOptions { Namespace = "contoso", EventHub = hub.EventHubName, MaxWaitTime = TimeSpan.FromMilliseconds(10) };
        configure?.Invoke(options);
        Assert.Empty(options.Validate());
        return new EventHubsSource(options, _ => hub);
    }
}
