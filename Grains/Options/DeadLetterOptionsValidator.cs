using Microsoft.Extensions.Options;

namespace StreamML.Grains.Options;

/// <summary>Validates <see cref="DeadLetterOptions"/>, reporting every problem at once.</summary>
public sealed class DeadLetterOptionsValidator : IValidateOptions<DeadLetterOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DeadLetterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new ValidateOptionsResultBuilder();
        if (options.Capacity is < 1 or > 10_000_000)
        {
            result.AddError("DeadLetter.Capacity must be between 1 and 10,000,000.");
        }

        if (options.MaxPerRequest is < 1 or > 100_000)
        {
            result.AddError("DeadLetter.MaxPerRequest must be between 1 and 100,000.");
        }

        if (options.PersistInterval <= TimeSpan.Zero)
        {
            result.AddError("DeadLetter.PersistInterval must be positive.");
        }

        return result.Build();
    }
}
