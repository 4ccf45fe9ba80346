using Microsoft.Extensions.Options;

namespace StreamML.Transports.Kafka;

/// <summary>Validates <see cref="KafkaSourceOptions"/> at start-up, reporting every problem at once.</summary>
public sealed class KafkaSourceOptionsValidator : IValidateOptions<KafkaSourceOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, KafkaSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
