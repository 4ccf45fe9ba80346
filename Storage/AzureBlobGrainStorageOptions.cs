using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace StreamML.Storage;

/// <summary>Settings of <see cref="AzureBlobGrainStorage"/>.</summary>
public sealed class AzureBlobGrainStorageOptions : AzureBlobConnectionOptions, IStorageProviderSerializerOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "StreamML:Storage:AzureBlob";

    /// <summary>The container that holds grain state (created at silo start or first use).</summary>
    /// <value>The default value is <c>grainstate</c>.</value>
    public string ContainerName { get; set; } = "grainstate";

    /// <summary>Whether clearing a state deletes its blob (true) or writes an empty one, keeping an ETag (false).</summary>
    /// <value>The default value is true.</value>
    public bool DeleteStateOnClear { get; set; } = true;

    /// <summary>The silo lifecycle stage at which the container is created.</summary>
    /// <value>The default value is <see cref="ServiceLifecycleStage.ApplicationServices"/>.</value>
    public int InitStage { get; set; } = ServiceLifecycleStage.ApplicationServices;

    /// <summary>The serializer of grain state; when not set, the silo's default grain storage serializer.</summary>
    /// <value>The default value is filled in by the options pattern from the silo's services.</value>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;

    /// <summary>Every problem with these options, all at once; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate(string? providerName = null)
    {
        var section = providerName is null ? SectionName : $"{SectionName} ({providerName})";
        var failures = new List<string>();
        ValidateConnection(section, failures);
        ValidateContainerName(section, ContainerName, failures);
        return failures;
    }
}

/// <summary>Validates <see cref="AzureBlobGrainStorageOptions"/> at start-up, reporting every problem at once.</summary>
public sealed class AzureBlobGrainStorageOptionsValidator : IValidateOptions<AzureBlobGrainStorageOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AzureBlobGrainStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate(name);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
