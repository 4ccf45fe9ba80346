using StackExchange.Redis;
using StreamML.Core.Sources;

namespace StreamML.Transports.RedisStreams;

/// <summary>The consumer lag of the streams: the entries after each checkpoint.</summary>
public sealed partial class RedisStreamsSource
{
    /// <summary>The most entries after a checkpoint that are counted; a longer backlog reads as this many.</summary>
    public const int LagCountLimit = 10_000;

    private const int LagPage = 1_000;

    /// <inheritdoc />
    /// <remarks>
    /// Stream ids are not consecutive numbers, so the entries after the checkpoint are counted (<c>XRANGE</c> in pages, up
    /// to <see cref="LagCountLimit"/>, which is far beyond any threshold an autoscaler acts on); with no checkpoint it is
    /// the stream's length (<c>XLEN</c>).
    /// </remarks>
    public async ValueTask<long?> GetLagAsync(int partition, CheckpointState checkpoint, CancellationToken cancellationToken = default)
    {
        var key = _options.KeyOf(partition);
        var database = _redis.GetDatabase();
        var after = checkpoint.Position ?? (checkpoint.Offset is { } offset ? RedisStreamOffsets.ToId(offset) : null);
        try
        {
            if (after is null)
            {
                return await database.StreamLengthAsync(key);
            }

            var lag = 0L;
            while (lag < LagCountLimit)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var page = await database.StreamRangeAsync(key, "(" + after, "+", LagPage);
                lag += page.Length;
                if (page.Length < LagPage)
                {
                    break;
                }

                after = page[^1].Id!;
            }

            return Math.Min(lag, LagCountLimit);
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
        {
            throw new SourceUnavailableException($"Redis stream {key} is unavailable: {ex.Message}", ex);
        }
    }
}
