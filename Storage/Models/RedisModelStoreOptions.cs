namespace StreamML.Storage.Models;

/// <summary>Settings of <see cref="RedisModelStore"/> (section <c>StreamML:Model:Store:Redis</c>).</summary>
public sealed class RedisModelStoreOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "StreamML:Model:Store:Redis";

    /// <summary>StackExchange.Redis configuration string, e.g. <c>localhost:6379</c>.</summary>
    /// <value>The default value is null; required when the store is used.</value>
    public string? ConnectionString { get; set; }

    /// <summary>The first part of every key the store writes.</summary>
    /// <value>The default value is <c>streamml:models</c>.</value>
    public string KeyPrefix { get; set; } = "streamml:models";

    /// <summary>Every problem with these options, all at once; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        ConnectionChecks.Redis(SectionName, new RedisSettings { ConnectionString = ConnectionString }, failures);
        if (string.IsNullOrWhiteSpace(KeyPrefix) || KeyPrefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            failures.Add($"{SectionName}:{nameof(KeyPrefix)} must not be empty or contain braces (they would change the keys' hash slot).");
        }

        return failures;
    }
}
