namespace StreamML.Storage.Models;

/// <summary>Settings of <see cref="AzureBlobModelStore"/> (section <c>StreamML:Model:Store:AzureBlob</c>).</summary>
public sealed class AzureBlobModelStoreOptions : AzureBlobConnectionOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "StreamML:Model:Store:AzureBlob";

    /// <summary>The container that holds model versions (created when missing).</summary>
    /// <value>The default value is <c>models</c>.</value>
    public string ContainerName { get; set; } = "models";

    /// <summary>Every problem with these options, all at once; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        ValidateConnection(SectionName, failures);
        ValidateContainerName(SectionName, ContainerName, failures);
        return failures;
    }
}
