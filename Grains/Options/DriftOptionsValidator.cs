using Microsoft.Extensions.Options;

namespace StreamML.Grains.Options;

/// <summary>Validates <see cref="DriftOptions"/> and the monitors' settings in it, reporting every problem at once.</summary>
public sealed class DriftOptionsValidator : IValidateOptions<DriftOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DriftOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new ValidateOptionsResultBuilder();
        if (options.ReportInterval <= TimeSpan.Zero)
        {
            result.AddError("Drift.ReportInterval must be positive.");
        }

        if (options.SamplesPerReport is < 1 or > 1_000_000)
        {
            result.AddError("Drift.SamplesPerReport must be between 1 and 1,000,000.");
        }

        if (options.History is < 1 or > 100_000)
        {
            result.AddError("Drift.History must be between 1 and 100,000.");
        }

        // The monitor's own messages name its settings Drift.X; in configuration they sit under Drift.Monitor.
        foreach (var error in options.Monitor.Validate().Select(e => e.Replace("Drift.", "Drift.Monitor.", StringComparison.Ordinal)))
        {
            result.AddError(error);
        }

        return result.Build();
    }
}
