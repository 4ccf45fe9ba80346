using Microsoft.Extensions.Options;

namespace StreamML.Transports.Kafka;

/// <summary>Validates <see cref="EventHubsKafkaOptions"/> at start-up, reporting every problem at once.</summary>
public sealed class EventHubsKafkaOptionsValidator : IValidateOptions<EventHubsKafkaOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, EventHubsKafkaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
