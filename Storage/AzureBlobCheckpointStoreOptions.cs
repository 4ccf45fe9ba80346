using Microsoft.Extensions.Options;

namespace StreamML.Storage;

/// <summary>Settings of <see cref="AzureBlobCheckpointStore"/>.</summary>
public sealed class AzureBlobCheckpointStoreOptions : AzureBlobConnectionOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "StreamML:Checkpoints:AzureBlob";

    /// <summary>The container that holds the checkpoint blobs (created when missing).</summary>
    /// <value>The default value is <c>checkpoints</c>.</value>
    public string ContainerName { get; set; } = "checkpoints";

    /// <summary>The first segment of every blob name, e.g. the namespace or deployment the checkpoints belong to.</summary>
    /// <value>The default value is <c>streamml</c>.</value>
    public string Prefix { get; set; } = "streamml";

    /// <summary>Every problem with these options, all at once; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        ValidateConnection(SectionName, failures);
        ValidateContainerName(SectionName, ContainerName, failures);
        if (string.IsNullOrWhiteSpace(Prefix))
        {
            failures.Add($"{SectionName}:{nameof(Prefix)} must not be empty.");
        }

        return failures;
    }
}

/// <summary>Validates <see cref="AzureBlobCheckpointStoreOptions"/> at start-up, reporting every problem at once.</summary>
public sealed class AzureBlobCheckpointStoreOptionsValidator : IValidateOptions<AzureBlobCheckpointStoreOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AzureBlobCheckpointStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
