using Microsoft.Extensions.Options;

namespace StreamML.Silo.Security;

/// <summary>Validates <see cref="ApiLimitsOptions"/>, reporting every problem at once.</summary>
internal sealed class ApiLimitsOptionsValidator : IValidateOptions<ApiLimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiLimitsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new ValidateOptionsResultBuilder();
        if (options.MaxRequestBytes is < 1024 or > 1024L * 1024 * 1024)
        {
            result.AddError("StreamML:Api:MaxRequestBytes must be between 1 KiB (1024) and 1 GiB.");
        }

        if (options.MaxItemsPerRequest is < 1 or > 1_000_000)
        {
            result.AddError("StreamML:Api:MaxItemsPerRequest must be between 1 and 1,000,000.");
        }

        if (options.MaxJsonDepth is < 4 or > 256)
        {
            result.AddError("StreamML:Api:MaxJsonDepth must be between 4 and 256.");
        }

        if (options.RequestTimeout < TimeSpan.Zero)
        {
            result.AddError("StreamML:Api:RequestTimeout must not be negative (zero turns it off).");
        }

        if (options.RequestsPerSecond < 0 || (options.RequestsPerSecond > 0 && options.RequestBurst < 1))
        {
            result.AddError("StreamML:Api:RequestsPerSecond must not be negative (zero turns it off), and RequestBurst must be at least 1 when it is on.");
        }

        return result.Build();
    }
}
