using Microsoft.Extensions.Options;

namespace StreamML.Storage;

/// <summary>Validates <see cref="StreamMLStorageOptions"/>: the chosen backend and what it needs, and the storage names.</summary>
public sealed class StreamMLStorageOptionsValidator : IValidateOptions<StreamMLStorageOptions>
{
    private const string Section = StreamMLStorageOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StreamMLStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Provider))
        {
            failures.Add($"{Section}:Provider '{options.Provider}' is not one of {string.Join(", ", Enum.GetNames<GrainStorageProvider>())}.");
        }

        failures.AddRange(BackendFailures(options.Provider, options));
        if (options.Names.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{Section}:Names must not contain empty names.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every problem with what backend <paramref name="provider"/> needs from <paramref name="storage"/> (its connection, or its folder).</summary>
    public static IReadOnlyList<string> BackendFailures(GrainStorageProvider provider, StreamMLStorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var failures = new List<string>();
        switch (provider)
        {
            case GrainStorageProvider.File when string.IsNullOrWhiteSpace(storage.File.RootDirectory):
                failures.Add($"{Section}:File:RootDirectory must not be empty.");
                break;
            case GrainStorageProvider.Redis:
                ConnectionChecks.Redis($"{Section}:Redis", storage.Redis, failures);
                break;
            case GrainStorageProvider.AdoNet:
                ConnectionChecks.AdoNet($"{Section}:AdoNet", storage.AdoNet, failures);
                break;
            case GrainStorageProvider.AzureBlob:
                failures.AddRange(storage.AzureBlob.Validate());
                break;
        }

        return failures;
    }
}
