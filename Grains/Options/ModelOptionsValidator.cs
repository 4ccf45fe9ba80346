using Microsoft.Extensions.Options;

namespace StreamML.Grains.Options;

/// <summary>Validates <see cref="ModelOptions"/>, its training and rollout settings included, reporting every problem at once.</summary>
public sealed class ModelOptionsValidator : IValidateOptions<ModelOptions>
{
    private static readonly RolloutOptionsValidator Rollout = new();

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new ValidateOptionsResultBuilder();
        foreach (var error in options.Training.Validate().Select(e => "Model." + e))
        {
            result.AddError(error);
        }

        if (options.BootstrapExamples < 20)
        {
            result.AddError("Model.BootstrapExamples must be at least 20.");
        }

        if (options.MaxExamples < options.BootstrapExamples)
        {
            result.AddError("Model.MaxExamples must be at least Model.BootstrapExamples.");
        }

        if (options.TrainingWindow < 20)
        {
            result.AddError("Model.TrainingWindow must be at least 20.");
        }

        if (options.MaxExampleAge <= TimeSpan.Zero)
        {
            result.AddError("Model.MaxExampleAge must be positive.");
        }

        if (options.RoutingRefresh < TimeSpan.FromMilliseconds(10) || options.RoutingRefresh > TimeSpan.FromSeconds(1))
        {
            result.AddError("Model.RoutingRefresh must be between 10 ms and 1 s (a rollout must reach every silo within a second).");
        }

        if (options.TrainingNice is < 0 or > 19)
        {
            result.AddError("Model.TrainingNice must be between 0 and 19.");
        }

        if (options.TrainingTimeLimit <= TimeSpan.Zero)
        {
            result.AddError("Model.TrainingTimeLimit must be positive.");
        }

        if (options.RetrainEveryExamples < 0)
        {
            result.AddError("Model.RetrainEveryExamples must not be negative (0 turns it off).");
        }

        if (options.RetrainInterval is { } interval && interval <= TimeSpan.Zero)
        {
            result.AddError("Model.RetrainInterval must be positive when set.");
        }

        if (options.MinNewExamples < 0)
        {
            result.AddError("Model.MinNewExamples must not be negative.");
        }

        result.AddResult(Rollout.Validate(name, options.Rollout));
        return result.Build();
    }
}
