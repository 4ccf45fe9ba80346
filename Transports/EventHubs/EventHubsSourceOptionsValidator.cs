using Microsoft.Extensions.Options;

namespace StreamML.Transports.EventHubs;

/// <summary>Validates <see cref="EventHubsSourceOptions"/> at start-up, reporting every problem at once.</summary>
public sealed class EventHubsSourceOptionsValidator : IValidateOptions<EventHubsSourceOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, EventHubsSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
