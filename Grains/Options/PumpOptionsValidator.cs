using Microsoft.Extensions.Options;

namespace StreamML.Grains.Options;

/// <summary>Validates <see cref="PumpOptions"/>, reporting every problem at once.</summary>
public sealed class PumpOptionsValidator : IValidateOptions<PumpOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PumpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new ValidateOptionsResultBuilder();
        if (options.ReadBatchSize is < 1 or > 100_000)
        {
            result.AddError("Pump.ReadBatchSize must be between 1 and 100,000.");
        }

        if (options.MaxInFlightCalls is < 1 or > 100_000)
        {
            result.AddError("Pump.MaxInFlightCalls must be between 1 and 100,000.");
        }

        if (options.CheckpointInterval <= TimeSpan.Zero)
        {
            result.AddError("Pump.CheckpointInterval must be positive.");
        }

        if (options.InitialBackoff <= TimeSpan.Zero || options.MaxBackoff < options.InitialBackoff)
        {
            result.AddError("Pump.InitialBackoff must be positive and not above Pump.MaxBackoff.");
        }

        if (options.InitialRestartBackoff <= TimeSpan.Zero || options.MaxRestartBackoff < options.InitialRestartBackoff || options.MaxRestartBackoff > TimeSpan.FromDays(1))
        {
            result.AddError("Pump.InitialRestartBackoff must be positive and not above Pump.MaxRestartBackoff, which is at most a day.");
        }

        return result.Build();
    }
}
