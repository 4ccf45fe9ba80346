using System.Net;
using System.Net.Sockets;

namespace StreamML.Silo.Hosting;

/// <summary>The address a clustered silo advertises to the others.</summary>
internal static class AdvertisedAddresses
{
    /// <summary>
    /// The configured address, or with <see cref="StreamMLHostOptions.AutoAddress"/> the first IPv4 address the host
    /// name resolves to that is not loopback (a replica's own address in Container Apps, where nothing else names it).
    /// </summary>
    /// <exception cref="StreamMLConfigurationException">The host name has no usable address.</exception>
    public static IPAddress Resolve(StreamMLHostOptions host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (!host.AdvertisesHostAddress)
        {
            return IPAddress.Parse(host.AdvertisedAddress);
        }

        var hostName = Dns.GetHostName();
        return FirstUsable(Dns.GetHostAddresses(hostName))
            ?? throw new StreamMLConfigurationException($"StreamML:AdvertisedAddress is {StreamMLHostOptions.AutoAddress}, but the host name '{hostName}' resolves to no IPv4 address other than loopback.");
    }

    /// <summary>The first IPv4 address that is not loopback, or null.</summary>
    internal static IPAddress? FirstUsable(IEnumerable<IPAddress> addresses) =>
        addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
