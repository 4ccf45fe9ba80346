using Microsoft.Extensions.Options;

namespace StreamML.Silo.Hosting;

/// <summary>Validates <see cref="ModelStoreSettings"/>: the store and the connection it needs.</summary>
internal sealed class ModelStoreSettingsValidator : IValidateOptions<ModelStoreSettings>
{
    public ValidateOptionsResult Validate(string? name, ModelStoreSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> failures = options.Provider switch
        {
            ModelStoreProvider.File => [],
            ModelStoreProvider.AzureBlob => options.AzureBlob.Validate(),
            ModelStoreProvider.PostgreSql => options.PostgreSql.Validate(),
            ModelStoreProvider.Redis => options.Redis.Validate(),
            _ => [$"{ModelStoreSettings.SectionName}:Provider '{options.Provider}' is not one of {string.Join(", ", Enum.GetNames<ModelStoreProvider>())}."],
        };
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
