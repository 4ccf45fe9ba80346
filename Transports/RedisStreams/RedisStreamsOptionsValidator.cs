using Microsoft.Extensions.Options;

namespace StreamML.Transports.RedisStreams;

/// <summary>
/// Validates <see cref="RedisStreamsOptions"/> of a source that opens its own connection (the silo's source), reporting
/// every problem at once.
/// </summary>
public sealed class RedisStreamsOptionsValidator : IValidateOptions<RedisStreamsOptions>
{
    private const string Section = RedisStreamsOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RedisStreamsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new ValidateOptionsResultBuilder();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            result.AddError($"{Section}:ConnectionString is required when StreamML:Source is RedisStreams.");
        }

        if (options.Partitions is < 1 or > 4096)
        {
            result.AddError($"{Section}:Partitions must be between 1 and 4096.");
        }

        if (options.BatchSize is < 1 or > 100_000)
        {
            result.AddError($"{Section}:BatchSize must be between 1 and 100,000.");
        }

        if (string.IsNullOrWhiteSpace(options.KeyPrefix) || string.IsNullOrWhiteSpace(options.Name))
        {
            result.AddError($"{Section}:KeyPrefix and Name must not be empty.");
        }

        return result.Build();
    }
}
