using Microsoft.Extensions.Options;
using StreamML.Core.Anomaly;

namespace StreamML.Grains.Options;

/// <summary>Validates <see cref="AnomalyOptions"/>, the model-level detector's trees included, reporting every problem at once.</summary>
public sealed class AnomalyOptionsValidator : IValidateOptions<AnomalyOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AnomalyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new ValidateOptionsResultBuilder();
        if (!(options.EntityThreshold > 0) || !double.IsFinite(options.EntityThreshold))
        {
            result.AddError("Anomaly.EntityThreshold must be a positive number.");
        }

        if (!(options.ModelThreshold is > 0 and < 1))
        {
            result.AddError("Anomaly.ModelThreshold must be between 0 and 1 (exclusive).");
        }

        var trees = new HalfSpaceTreesOptions { Trees = options.Trees, Height = options.Height, WindowSize = options.WindowSize };
        foreach (var error in trees.Validate().Select(e => "Anomaly." + e))
        {
            result.AddError(error);
        }

        return result.Build();
    }
}
