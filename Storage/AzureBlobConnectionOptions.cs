using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;

namespace StreamML.Storage;

/// <summary>
/// How a StreamML component reaches an Azure Blob account: a connection string (Azurite, keys) or a service URI with
/// a token credential (managed identity in Azure).
/// </summary>
public abstract class AzureBlobConnectionOptions
{
    /// <summary>A storage connection string; set this or <see cref="ServiceUri"/>, not both.</summary>
    /// <value>The default value is null.</value>
    public string? ConnectionString { get; set; }

    /// <summary>The blob service endpoint, e.g. <c>https://account.blob.core.windows.net</c>; used with a token credential.</summary>
    /// <value>The default value is null.</value>
    public Uri? ServiceUri { get; set; }

    /// <summary>
    /// The credential used with <see cref="ServiceUri"/>. When null, a <see cref="ManagedIdentityCredential"/> is used if
    /// <see cref="ManagedIdentityClientId"/> is set, otherwise a <see cref="DefaultAzureCredential"/>.
    /// </summary>
    /// <value>The default value is null.</value>
    public TokenCredential? Credential { get; set; }

    /// <summary>Client id of the user-assigned managed identity to use with <see cref="ServiceUri"/>.</summary>
    /// <value>The default value is null.</value>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Options for the blob client (retries, service version, transport).</summary>
    /// <value>The default value is null: the SDK's defaults.</value>
    public BlobClientOptions? ClientOptions { get; set; }

    /// <summary>Creates the service client these options describe (validate them first).</summary>
    public BlobServiceClient CreateServiceClient()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            return new BlobServiceClient(ConnectionString, ClientOptions);
        }

        if (ServiceUri is null)
        {
            throw new InvalidOperationException("Neither a connection string nor a service URI is configured.");
        }

        var credential = Credential
            ?? (string.IsNullOrWhiteSpace(ManagedIdentityClientId)
                ? new DefaultAzureCredential()
                : new ManagedIdentityCredential(ManagedIdentityIdFor(ManagedIdentityClientId)));
        return new BlobServiceClient(ServiceUri, credential, ClientOptions);
    }

    /// <summary>Adds every problem with the connection settings to <paramref name="failures"/>.</summary>
    protected void ValidateConnection(string sectionName, ICollection<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        var hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        if (hasConnectionString == (ServiceUri is not null))
        {
            failures.Add($"{sectionName}: set exactly one of {nameof(ConnectionString)} or {nameof(ServiceUri)}.");
        }

        if (ServiceUri is not null)
        {
            if (!ServiceUri.IsAbsoluteUri)
            {
                failures.Add($"{sectionName}:{nameof(ServiceUri)} must be an absolute URI.");
            }
            else if (ServiceUri.Scheme != Uri.UriSchemeHttps && !ServiceUri.IsLoopback)
            {
                failures.Add($"{sectionName}:{nameof(ServiceUri)} must use https (token credentials are never sent in clear text).");
            }
        }

        if (hasConnectionString && (Credential is not null || !string.IsNullOrWhiteSpace(ManagedIdentityClientId)))
        {
            failures.Add($"{sectionName}: a credential or managed identity is only used with {nameof(ServiceUri)}, not with {nameof(ConnectionString)}.");
        }
    }

    /// <summary>Adds a failure when <paramref name="name"/> is not a valid blob container name.</summary>
    protected static void ValidateContainerName(string sectionName, string? name, ICollection<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (!IsValidContainerName(name))
        {
            failures.Add($"{sectionName}:ContainerName '{name}' is not a valid container name (3-63 characters: lower-case letters, digits and single hyphens, starting and ending with a letter or digit).");
        }
    }

    /// <summary>Whether <paramref name="name"/> follows the Azure container naming rules.</summary>
    internal static bool IsValidContainerName(string? name)
    {
        if (name is null || name.Length is < 3 or > 63 || name[0] == '-' || name[^1] == '-' || name.Contains("--", StringComparison.Ordinal))
        {
            return false;
        }

        return name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
    }

    private static ManagedIdentityId ManagedIdentityIdFor(string clientId) => ManagedIdentityId.FromUserAssignedClientId(clientId);
}
