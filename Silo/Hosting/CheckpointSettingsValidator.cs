using Microsoft.Extensions.Options;

namespace StreamML.Silo.Hosting;

/// <summary>Validates <see cref="CheckpointSettings"/>: the store and the connection it needs.</summary>
internal sealed class CheckpointSettingsValidator : IValidateOptions<CheckpointSettings>
{
    private const string Section = CheckpointSettings.SectionName;

    public ValidateOptionsResult Validate(string? name, CheckpointSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        switch (options.Provider)
        {
            case CheckpointProvider.File:
                break;
            case CheckpointProvider.Redis:
                if (string.IsNullOrWhiteSpace(options.Redis.ConnectionString))
                {
                    failures.Add($"{Section}:Redis:ConnectionString is required when {Section}:Provider is Redis.");
                }

                break;
            case CheckpointProvider.AzureBlob:
                failures.AddRange(options.AzureBlob.Validate());
                break;
            default:
                failures.Add($"{Section}:Provider '{options.Provider}' is not one of {string.Join(", ", Enum.GetNames<CheckpointProvider>())}.");
                break;
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
