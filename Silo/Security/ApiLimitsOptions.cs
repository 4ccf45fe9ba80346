namespace StreamML.Silo.Security;

/// <summary>Bounds of the HTTP envelope (<c>StreamML:Api</c>): body size, items, JSON depth, time and rate per caller.</summary>
public sealed class ApiLimitsOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "StreamML:Api";

    /// <summary>The largest request body accepted; a larger one is answered 413.</summary>
    /// <value>The default value is 4 MiB.</value>
    public long MaxRequestBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The most events or labels one request may carry; a request with more is refused whole (400).</summary>
    /// <value>The default value is 10,000 items.</value>
    public int MaxItemsPerRequest { get; set; } = 10_000;

    /// <summary>The deepest nesting of JSON objects and arrays a request body may have.</summary>
    /// <value>The default value is 32.</value>
    public int MaxJsonDepth { get; set; } = 32;

    /// <summary>How long a request may run before it is cancelled and answered 504; zero turns the limit off.</summary>
    /// <value>The default value is 100 seconds.</value>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Requests per second each caller may make on average (callers without credentials by remote address); zero turns the limit off.</summary>
    /// <value>The default value is 1,000 requests per second.</value>
    public int RequestsPerSecond { get; set; } = 1_000;

    /// <summary>Requests a caller may make at once above the average before being answered 429 with Retry-After.</summary>
    /// <value>The default value is 2,000 requests.</value>
    public int RequestBurst { get; set; } = 2_000;
}
