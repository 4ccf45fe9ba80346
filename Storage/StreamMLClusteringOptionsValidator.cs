using Microsoft.Extensions.Options;

namespace StreamML.Storage;

/// <summary>Validates <see cref="StreamMLClusteringOptions"/>: the membership provider and its connection.</summary>
public sealed class StreamMLClusteringOptionsValidator : IValidateOptions<StreamMLClusteringOptions>
{
    private const string Section = StreamMLClusteringOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StreamMLClusteringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        switch (options.Provider)
        {
            case ClusteringProvider.Localhost:
                break;
            case ClusteringProvider.Redis:
                ConnectionChecks.Redis($"{Section}:Redis", options.Redis, failures);
                break;
            case ClusteringProvider.AdoNet:
                ConnectionChecks.AdoNet($"{Section}:AdoNet", options.AdoNet, failures);
                break;
            default:
                failures.Add($"{Section}:Provider '{options.Provider}' is not one of {string.Join(", ", Enum.GetNames<ClusteringProvider>())}.");
                break;
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
