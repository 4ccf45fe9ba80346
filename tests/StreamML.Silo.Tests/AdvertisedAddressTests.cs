using System.Net;
using Microsoft.Extensions.Configuration;
using StreamML.Silo.Hosting;

namespace StreamML.Silo.Tests;

[Trait("Category", "BVT")]
public sealed class AdvertisedAddressTests
{
    private static StreamMLSettings Read(string advertised) =>
        StreamMLConfiguration.ReadValidated(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["StreamML:Source"] = "None",
            ["StreamML:AdvertisedAddress"] = advertised,
        }).Build());

    [Theory]
    [InlineData("Auto")]
    [InlineData("auto")]
    public void ReadValidated_Auto_IsAcceptedInAnyCase(string value)
    {
        Assert.True(Read(value).Host.AdvertisesHostAddress);
    }

    [Fact]
    public void ReadValidated_HostName_IsRefusedNamingTheValue()
    {
        var ex = Assert.Throws<StreamMLConfigurationException>(() => Read("silo-1.internal"));

        Assert.Contains(ex.Problems, p => p.Contains("'silo-1.internal' is neither an IP address nor Auto", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_ConfiguredAddress_IsThatAddress()
    {
        Assert.Equal(IPAddress.Parse("10.1.2.3"), AdvertisedAddresses.Resolve(Read("10.1.2.3").Host));
    }

    [Fact]
    public void Resolve_Auto_IsAnIPv4AddressOfThisHostThatIsNotLoopback()
    {
        var own = Dns.GetHostAddresses(Dns.GetHostName());
        var expected = AdvertisedAddresses.FirstUsable(own);
        if (expected is null)
        {
            Assert.Throws<StreamMLConfigurationException>(() => AdvertisedAddresses.Resolve(Read("Auto").Host));
            return;
        }

        Assert.Equal(expected, AdvertisedAddresses.Resolve(Read("Auto").Host));
    }

    [Fact]
    public void FirstUsable_SkipsLoopbackAndIPv6()
    {
        IPAddress[] addresses = [IPAddress.Loopback, IPAddress.IPv6Loopback, IPAddress.Parse("fd00::5"), IPAddress.Parse("100.64.0.7"), IPAddress.Parse("10.0.0.9")];

        Assert.Equal(IPAddress.Parse("100.64.0.7"), AdvertisedAddresses.FirstUsable(addresses));
        Assert.Null(AdvertisedAddresses.FirstUsable([IPAddress.Loopback, IPAddress.Parse("fd00::5")]));
    }
}
