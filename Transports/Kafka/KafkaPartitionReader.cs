using System.Text;
using Confluent.Kafka;
using StreamML.Core.Sources;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace StreamML.Transports.Kafka;

/// <summary>One consumer assigned to one partition; it hands out records in offset order.</summary>
internal sealed class KafkaPartitionReader : IPartitionReader
{
    /// <summary>The header that marks a label record (value <c>label</c>), as the <c>k</c> field does on Redis Streams.</summary>
    internal const string KindHeader = "k";

    private static readonly byte[] LabelKind = Encoding.UTF8.GetBytes(RecordFields.LabelKind);
    private readonly IConsumer<Ignore, byte[]> _consumer;
    private readonly TimeSpan _pollTimeout;
    private readonly string _topic;
    private Error? _lastError;

    public KafkaPartitionReader(KafkaSourceOptions options, int partition, Offset start)
    {
        Partition = partition;
        _topic = options.Topic!;
        _pollTimeout = options.PollTimeout;
        var builder = new ConsumerBuilder<Ignore, byte[]>(options.BuildConsumerConfig())
            .SetErrorHandler((_, error) => Volatile.Write(ref _lastError, error));
        if (options.OAuthBearerTokenRefreshHandler is { } refresh)
        {
            builder.SetOAuthBearerTokenRefreshHandler((client, config) => refresh(client, config));
        }

        _consumer = builder.Build();
        _consumer.Assign(new TopicPartitionOffset(_topic, new Partition(partition), start));
    }

    public int Partition { get; }

    public async ValueTask<int> ReadAsync(Memory<SourceRecord> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        // Consume blocks; run it on the thread pool, never on the caller's (grain) scheduler.
        return await Task.Run(() => Fill(buffer, cancellationToken), cancellationToken);
    }

    private int Fill(Memory<SourceRecord> buffer, CancellationToken cancellationToken)
    {
        var span = buffer.Span;
        var n = 0;
        try
        {
            var first = _consumer.Consume(_pollTimeout);
            while (first is not null)
            {
                span[n++] = ToRecord(first);
                if (n == span.Length || cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                first = _consumer.Consume(TimeSpan.Zero);
            }
        }
        catch (ConsumeException ex) when (n == 0)
        {
            throw new SourceUnavailableException($"Kafka partition {_topic}/{Partition}: {ex.Error.Reason}", ex);
        }
        catch (ConsumeException)
        {
            // Records already taken are handed out; the error comes back on the next read, from the next offset.
            return n;
        }

        if (n == 0 && Interlocked.Exchange(ref _lastError, null) is { } error && IsUnavailable(error))
        {
            throw new SourceUnavailableException($"Kafka partition {_topic}/{Partition}: {error.Reason}");
        }

        return n;
    }

    private static bool IsUnavailable(Error error) =>
        error.IsFatal || error.Code is ErrorCode.Local_AllBrokersDown or ErrorCode.Local_Transport
            or ErrorCode.Local_Authentication or ErrorCode.Local_Resolve or ErrorCode.BrokerNotAvailable;

    internal static SourceRecord ToRecord(ConsumeResult<Ignore, byte[]> result) => new()
    {
        Offset = result.Offset.Value,
        Payload = result.Message.Value ?? [],
        IsLabel = result.Message.Headers is { } headers
                  && headers.TryGetLastBytes(KindHeader, out var kind)
                  && kind.AsSpan().SequenceEqual(LabelKind),
    };

    public ValueTask DisposeAsync()
    {
        _consumer.Close();
        _consumer.Dispose();
        return ValueTask.CompletedTask;
    }
}
