using System.Globalization;

namespace StreamML.Transports.RedisStreams;

/// <summary>Settings of <see cref="RedisStreamsSource"/> and <see cref="RedisStreamsProducer"/>.</summary>
public sealed class RedisStreamsOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "StreamML:Sources:RedisStreams";

    /// <summary>The source name used in checkpoints, metrics and dead-letter records.</summary>
    /// <value>The default value is <c>redis</c>.</value>
    public string Name { get; set; } = "redis";

    /// <summary>StackExchange.Redis configuration string, e.g. <c>localhost:6379,abortConnect=false</c>.</summary>
    /// <value>The default value is null; required when the source opens its own connection.</value>
    public string? ConnectionString { get; set; }

    /// <summary>Stream keys are <c>{KeyPrefix}:{partition}</c>.</summary>
    /// <value>The default value is <c>streamml:events</c>.</value>
    public string KeyPrefix { get; set; } = "streamml:events";

    /// <summary>The number of partitions (streams); producers and readers must agree on it.</summary>
    /// <value>The default value is 8.</value>
    public int Partitions { get; set; } = 8;

    /// <summary>The most entries one read asks the server for.</summary>
    /// <value>The default value is 512.</value>
    public int BatchSize { get; set; } = 512;

    /// <summary>How long a read waits for entries to arrive on an empty stream before returning 0.</summary>
    /// <value>The default value is 50 ms.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Approximate stream length producers trim to (<c>XADD MAXLEN ~</c>); null keeps everything.</summary>
    /// <value>The default value is null.</value>
    public long? MaxStreamLength { get; set; }

    /// <summary>The stream key of <paramref name="partition"/>.</summary>
    public string KeyOf(int partition)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, Partitions);
        return string.Create(CultureInfo.InvariantCulture, $"{KeyPrefix}:{partition}");
    }
}
