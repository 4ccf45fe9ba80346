using System.Buffers;
using System.Text.Json;
using StackExchange.Redis;
using StreamML.Core.Generator;
using StreamML.Core.Schema;
using StreamML.Core.Sources;
using StreamML.Transports.RedisStreams;

namespace StreamML.Cli.Bench;

/// <summary>
/// The Redis Streams path of <c>streamml bench</c>: the generator's events written as JSON records to a real
/// redis-server under a key prefix of their own, and a source reading them back; disposing deletes the streams.
/// </summary>
internal sealed class RedisBench : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _redis;
    private readonly RedisStreamsOptions _options;

    private RedisBench(ConnectionMultiplexer redis, RedisStreamsOptions options)
    {
        _redis = redis;
        _options = options;
        Source = new RedisStreamsSource(redis, options, TimeProvider.System);
    }

    /// <summary>The source over the written streams.</summary>
    public IEventSource Source { get; }

    public static async Task<RedisBench> FillAsync(string connection, FeatureSchema schema, GeneratorOptions generator, CancellationToken cancellationToken)
    {
        ConnectionMultiplexer redis;
        try
        {
            redis = await ConnectionMultiplexer.ConnectAsync(connection).ConfigureAwait(false);
        }
        catch (RedisConnectionException ex)
        {
            throw new CliException($"cannot connect to Redis at {connection}: {ex.Message}", StreamMLCommand.RuntimeError);
        }

        var options = new RedisStreamsOptions
        {
            Name = "bench-redis",
            KeyPrefix = "streamml-bench:" + Guid.NewGuid().ToString("N"),
            Partitions = generator.Partitions,
            BatchSize = 4_096,
            PollInterval = TimeSpan.FromMilliseconds(5),
        };
        var bench = new RedisBench(redis, options);
        var producer = new RedisStreamsProducer(redis, options);
        var names = schema.Features.Select(f => f.Name).ToArray();
        var source = new GeneratorSource(generator, TimeProvider.System);
        var batch = new List<RedisStreamsRecord>(5_000);
        var buffer = new SourceRecord[4_096];
        foreach (var partition in await source.GetPartitionsAsync(cancellationToken).ConfigureAwait(false))
        {
            var reader = await source.OpenAsync(partition, null, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                int n;
                while ((n = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) >= 0)
                {
                    for (var i = 0; i < n; i++)
                    {
                        if (buffer[i].Event is not { } e)
                        {
                            continue;
                        }

                        batch.Add(new RedisStreamsRecord(e.Entity, ToJson(e, names)));
                        if (batch.Count == batch.Capacity)
                        {
                            await producer.AppendBatchAsync(batch).ConfigureAwait(false);
                            batch.Clear();
                        }
                    }
                }
            }
        }

        if (batch.Count > 0)
        {
            await producer.AppendBatchAsync(batch).ConfigureAwait(false);
        }

        return bench;
    }

    public async ValueTask DisposeAsync()
    {
        var database = _redis.GetDatabase();
        for (var p = 0; p < _options.Partitions; p++)
        {
            await database.KeyDeleteAsync(_options.KeyOf(p)).ConfigureAwait(false);
        }

        await _redis.DisposeAsync().ConfigureAwait(false);
    }

    private static byte[] ToJson(Core.Events.StreamEvent e, string[] names)
    {
        var output = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteString("id", e.Id);
            json.WriteString("entity", e.Entity);
            json.WriteString("time", new DateTimeOffset(e.TimeTicks, TimeSpan.Zero));
            json.WriteStartObject("features");
            for (var f = 0; f < names.Length; f++)
            {
                json.WriteNumber(names[f], e.Values[f]);
            }

            json.WriteEndObject();
            if (e.Segment is not null)
            {
                json.WriteString("segment", e.Segment);
            }

            json.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }
}
