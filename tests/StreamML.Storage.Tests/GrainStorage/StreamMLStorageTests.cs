using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Persistence.FileStorage;
using Orleans.Providers;
using Orleans.Storage;

namespace StreamML.Storage.Tests.GrainStorage;

[Trait("Category", "BVT")]
public sealed class StreamMLStorageTests
{
    [Fact]
    public void Validate_EveryKindOfMistake_IsListedAtOnce()
    {
        var storage = new StreamMLStorageOptions { Provider = (GrainStorageProvider)42, Names = ["", "ok"] };
        var clustering = new StreamMLClusteringOptions { Provider = ClusteringProvider.AdoNet, AdoNet = { Invariant = "MySql.Data.MySqlClient", ApplySchema = true } };

        var failures = Failures(new StreamMLStorageOptionsValidator().Validate(null, storage))
            .Concat(Failures(new StreamMLClusteringOptionsValidator().Validate(null, clustering)))
            .ToList();

        Assert.Equal(4, failures.Count);
        Assert.Contains("StreamML:Storage:Provider '42' is not one of File, Memory, Redis, AdoNet, AzureBlob.", failures);
        Assert.Contains("StreamML:Storage:Names must not contain empty names.", failures);
        Assert.Contains("StreamML:Clustering:AdoNet:ConnectionString is required.", failures);
        Assert.Contains(failures, f => f.StartsWith("StreamML:Clustering:AdoNet:ApplySchema is only available for Npgsql", StringComparison.Ordinal));
    }

    [Fact]
    public void AddStreamMLStorage_InvalidConfiguration_ThrowsWithEveryFailure()
    {
        var configuration = Configure(("StreamML:Storage:Provider", "Redis"), ("StreamML:Clustering:Provider", "Zookeeper"),
            ("StreamML:Storage:AzureBlob:ContainerName", "ignored-because-not-selected"));

        var ex = Assert.Throws<OptionsValidationException>(() => BuildSilo(configuration));

        Assert.Equal(
        [
            "StreamML:Storage:Redis:ConnectionString is required.",
            "Failed to convert configuration value 'Zookeeper' at 'StreamML:Clustering:Provider' to type 'StreamML.Storage.ClusteringProvider'.",
        ], ex.Failures);
    }

    [Fact]
    public void Validate_AzureBlobWithoutAccount_ReportsConnectionProblem()
    {
        var failures = Failures(new StreamMLStorageOptionsValidator().Validate(null, new StreamMLStorageOptions { Provider = GrainStorageProvider.AzureBlob }));

        Assert.Equal(["StreamML:Storage:AzureBlob: set exactly one of ConnectionString or ServiceUri."], failures);
    }

    [Theory]
    [InlineData("File", typeof(CrashSafeFileGrainStorage))]
    [InlineData("memory", "Orleans.Storage.MemoryGrainStorage")]
    [InlineData("Redis", "Orleans.Persistence.RedisGrainStorage")]
    [InlineData("AdoNet", "Orleans.Storage.AdoNetGrainStorage")]
    [InlineData("AzureBlob", typeof(AzureBlobGrainStorage))]
    public void AddStreamMLStorage_EachBackend_RegistersItsProviderUnderEveryName(string provider, object expected)
    {
        var root = Directory.CreateTempSubdirectory("streamml-filestorage-").FullName;
        var configuration = Configure(
            ("StreamML:Storage:Provider", provider),
            ("StreamML:Storage:Names:0", ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME),
            ("StreamML:Storage:Names:1", "PubSubStore"),
            ("StreamML:Storage:File:RootDirectory", root),
            ("StreamML:Storage:Redis:ConnectionString", "127.0.0.1:1,abortConnect=false"),
            ("StreamML:Storage:AdoNet:ConnectionString", "Host=127.0.0.1;Port=1;Username=postgres"),
            ("StreamML:Storage:AzureBlob:ConnectionString", "UseDevelopmentStorage=true"));

        using var host = BuildSilo(configuration);

        var expectedName = expected as string ?? ((Type)expected).FullName;
        foreach (var name in new[] { ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, "PubSubStore" })
        {
            var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(name);
            Assert.Equal(expectedName, storage.GetType().FullName);
        }
    }

    [Fact]
    public void FileGrainStorage_IsTheOneOrleansRuntimeShips()
    {
        Assert.Equal("Orleans.Runtime", typeof(FileGrainStorage).Assembly.GetName().Name);
        Assert.StartsWith("10.4.2", typeof(FileGrainStorage).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion, StringComparison.Ordinal);
    }

    private static IReadOnlyList<string> Failures(ValidateOptionsResult result) => [.. result.Failures ?? []];

    private static IConfiguration Configure(params (string Key, string? Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();

    private static IHost BuildSilo(IConfiguration configuration)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.AddStreamMLStorage(configuration));
        return builder.Build();
    }
}
