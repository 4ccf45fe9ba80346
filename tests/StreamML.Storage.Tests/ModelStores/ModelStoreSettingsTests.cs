using Microsoft.Extensions.Configuration;
using StreamML.Silo.Hosting;

namespace StreamML.Storage.Tests.ModelStores;

/// <summary><c>StreamML:Model:Store</c>: bound by name in any case, and every problem of the chosen store listed at start.</summary>
[Trait("Category", "BVT")]
public sealed class ModelStoreSettingsTests
{
    private static StreamMLSettings Read(params (string Key, string Value)[] values) =>
        StreamMLConfiguration.ReadValidated(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Fact]
    public void ReadValidated_NothingConfigured_KeepsTheFileStore()
    {
        Assert.Equal(ModelStoreProvider.File, Read().ModelStore.Provider);
    }

    [Fact]
    public void ReadValidated_SharedStoreWithItsConnection_IsBound()
    {
        var settings = Read(("StreamML:Model:Store:Provider", "postgresql"),
            ("StreamML:Model:Store:PostgreSql:ConnectionString", "Host=db.internal;Username=streamml"));

        Assert.Equal(ModelStoreProvider.PostgreSql, settings.ModelStore.Provider);
        Assert.Equal("Host=db.internal;Username=streamml", settings.ModelStore.PostgreSql.ConnectionString);
    }

    [Theory]
    [InlineData("AzureBlob", "StreamML:Model:Store:AzureBlob: set exactly one of ConnectionString or ServiceUri.")]
    [InlineData("PostgreSql", "StreamML:Model:Store:PostgreSql:ConnectionString is required.")]
    [InlineData("Redis", "StreamML:Model:Store:Redis:ConnectionString is required.")]
    public void ReadValidated_SharedStoreWithoutConnection_IsRefused(string provider, string problem)
    {
        var ex = Assert.Throws<StreamMLConfigurationException>(() => Read(("StreamML:Model:Store:Provider", provider)));

        Assert.Contains(problem, ex.Problems);
    }

    [Fact]
    public void ReadValidated_UnknownProvider_IsRefused()
    {
        var ex = Assert.Throws<StreamMLConfigurationException>(() => Read(("StreamML:Model:Store:Provider", "Floppy")));

        Assert.Contains(ex.Problems, p => p.StartsWith("StreamML:Model:Store:Provider 'Floppy'", StringComparison.Ordinal));
    }
}
