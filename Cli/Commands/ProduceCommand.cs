using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using StackExchange.Redis;
using StreamML.Transports.RedisStreams;

namespace StreamML.Cli.Commands;

/// <summary>
/// <c>streamml produce</c>: writes a deterministic stream of events to Redis Streams, partitioned by entity as the
/// platform reads it, and the exact per-entity count and sum of its one feature <c>x</c> as a reference file that
/// <c>streamml verify</c> checks the platform's entity state against. Event <c>i</c> is written under the explicit stream
/// id <see cref="EntryIdOf"/>, so a batch sent again after a connection failure (or a second run over the same range)
/// leaves each event in its stream once: Redis refuses the ids it already holds, and those count as written.
/// </summary>
internal static class ProduceCommand
{
    /// <summary>The feature every produced event carries.</summary>
    public const string Feature = "x";

    public static Command Create()
    {
        var redis = new Option<string>("--redis") { Description = "Redis connection string, e.g. 127.0.0.1:6379.", Required = true };
        var prefix = new Option<string>("--prefix") { Description = "Stream key prefix; partition p is <prefix>:<p>.", DefaultValueFactory = _ => "streamml:events" };
        var partitions = new Option<int>("--partitions") { Description = "Stream partitions.", DefaultValueFactory = _ => 8 };
        var events = new Option<long>("--events") { Description = "Events to write.", DefaultValueFactory = _ => 1_000_000 };
        var entities = new Option<int>("--entities") { Description = "Distinct entities.", DefaultValueFactory = _ => 1_000 };
        var batch = new Option<int>("--batch") { Description = "Events per Redis round trip.", DefaultValueFactory = _ => 1_000 };
        var reference = new Option<FileInfo>("--reference") { Description = "Where to write the per-entity counts and sums (JSON).", Required = true };
        var start = new Option<string?>("--start") { Description = "Event time of the first event, ISO-8601 (default: now minus one millisecond per event)." };
        var command = new Command("produce", "Write a known event stream to Redis Streams, with a reference of per-entity counts and sums.")
        {
            redis, prefix, partitions, events, entities, batch, reference, start,
        };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(redis)!, parse.GetValue(prefix)!, parse.GetValue(partitions), parse.GetValue(events), parse.GetValue(entities),
            parse.GetValue(batch), parse.GetValue(reference)!, parse.GetValue(start), parse.InvocationConfiguration.Output, ct));
        return command;
    }

    /// <summary>The entity of event <paramref name="i"/>.</summary>
    public static string EntityOf(long i, int entities) => "ent-" + (i % entities).ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>
    /// The stream entry id of event <paramref name="i"/>: <c>(i + 1)-0</c>. Ids grow with the ordinal, so they grow within
    /// each partition's stream whatever the partitioning.
    /// </summary>
    public static string EntryIdOf(long i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1}-0");

    /// <summary>How long one batch is retried while Redis cannot be reached before produce gives up.</summary>
    internal static readonly TimeSpan RetryFor = TimeSpan.FromMinutes(2);

    /// <summary>The feature value of event <paramref name="i"/>: a small integer, so sums of doubles stay exact.</summary>
    public static long ValueOf(long i) => 1 + (i * 7_919 % 97);

    private static async Task<int> RunAsync(string connection, string prefix, int partitions, long events, int entities, int batchSize, FileInfo reference, string? startText, TextWriter output, CancellationToken cancellationToken)
    {
        if (partitions is < 1 or > 4096)
        {
            throw new CliException("--partitions must be between 1 and 4096");
        }

        if (events < 1 || entities < 1 || batchSize is < 1 or > 100_000)
        {
            throw new CliException("--events and --entities must be positive and --batch between 1 and 100000");
        }

        var startTime = TimeProvider.System.GetUtcNow().AddMilliseconds(-events);
        if (startText is not null && !DateTimeOffset.TryParse(startText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out startTime))
        {
            throw new CliException($"--start '{startText}' is not an ISO-8601 time");
        }

        ConnectionMultiplexer mux;
        try
        {
            mux = await ConnectionMultiplexer.ConnectAsync(connection).ConfigureAwait(false);
        }
        catch (RedisConnectionException ex)
        {
            throw new CliException($"cannot connect to Redis at {connection}: {ex.Message}", StreamMLCommand.RuntimeError);
        }

        await using var _ = mux.ConfigureAwait(false);
        var producer = new RedisStreamsProducer(mux, new RedisStreamsOptions { KeyPrefix = prefix, Partitions = partitions });
        var counts = new long[entities];
        var sums = new long[entities];
        var watch = Stopwatch.StartNew();
        var records = new List<RedisStreamsRecord>(batchSize);
        long alreadyWritten = 0;
        for (long i = 0; i < events; i++)
        {
            var entity = EntityOf(i, entities);
            var value = ValueOf(i);
            counts[i % entities]++;
            sums[i % entities] += value;
            var time = startTime.AddMilliseconds(i).ToString("O", CultureInfo.InvariantCulture);
            var json = $"{{\"id\":\"p-{i}\",\"entity\":\"{entity}\",\"time\":\"{time}\",\"features\":{{\"{Feature}\":{value}}}}}";
            records.Add(new RedisStreamsRecord(entity, Encoding.UTF8.GetBytes(json)) { Id = EntryIdOf(i) });
            if (records.Count == batchSize || i == events - 1)
            {
                alreadyWritten += await SendAsync(producer, records, cancellationToken).ConfigureAwait(false);
                records.Clear();
            }
        }

        watch.Stop();
        var table = new SortedDictionary<string, long[]>(StringComparer.Ordinal);
        for (var e = 0; e < entities; e++)
        {
            if (counts[e] > 0)
            {
                table[EntityOf(e, entities)] = [counts[e], sums[e]];
            }
        }

        await File.WriteAllTextAsync(reference.FullName, JsonSerializer.Serialize(table), cancellationToken).ConfigureAwait(false);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"events\":{events},\"already_written\":{alreadyWritten},\"entities\":{table.Count},\"seconds\":{watch.Elapsed.TotalSeconds:0.###},\"events_per_s\":{events / Math.Max(watch.Elapsed.TotalSeconds, 1e-9):0.#}}}"));
        return 0;
    }

    /// <summary>Sends one batch until Redis takes it, and returns how many of its entries were already in their streams.</summary>
    private static async Task<int> SendAsync(RedisStreamsProducer producer, List<RedisStreamsRecord> records, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var started = time.GetTimestamp();
        var backoff = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var written = await producer.AppendIdempotentBatchAsync(records).ConfigureAwait(false);
                return written.Count(w => w.AlreadyWritten);
            }
            catch (Exception ex) when (IsTransient(ex) && time.GetElapsedTime(started) < RetryFor)
            {
                // Some entries may have been written before the failure: sending the batch again skips them by id.
                await Task.Delay(backoff, time, cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
            catch (InvalidOperationException ex)
            {
                throw new CliException(ex.Message + "; produce into a fresh --prefix", StreamMLCommand.RuntimeError);
            }
        }
    }

    private static bool IsTransient(Exception ex) =>
        ex is RedisConnectionException or RedisTimeoutException
        || (ex is RedisServerException server && (server.Message.StartsWith("LOADING", StringComparison.Ordinal)
                                                  || server.Message.StartsWith("TRYAGAIN", StringComparison.Ordinal)
                                                  || server.Message.StartsWith("MASTERDOWN", StringComparison.Ordinal)));
}
