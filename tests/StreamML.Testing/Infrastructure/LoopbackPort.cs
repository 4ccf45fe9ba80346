using System.Net;
using System.Net.Sockets;

namespace StreamML.Testing.Infrastructure;

/// <summary>Free TCP ports on the loopback interface for servers the tests start.</summary>
public static class LoopbackPort
{
    /// <summary>A port that was free a moment ago (the OS picks it); a server that fails to bind it is retried on another.</summary>
    public static int GetFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Whether something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
