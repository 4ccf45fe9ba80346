namespace StreamML.Testing.Infrastructure;

/// <summary>
/// A server process of the test's own on free loopback ports, keeping its data in a temporary folder that outlives
/// <see cref="RestartAsync"/> and is deleted with the fixture. Ports are chosen again when the first start finds one
/// taken between choosing and binding it.
/// </summary>
public abstract class LocalServerFixture : IAsyncLifetime
{
    private const int StartAttempts = 3;

    /// <summary>Creates the fixture's data folder, named after <paramref name="name"/>.</summary>
    protected LocalServerFixture(string name)
    {
        DataDirectory = Directory.CreateTempSubdirectory($"streamml-{name}-").FullName;
    }

    /// <summary>The data folder.</summary>
    public string DataDirectory { get; }

    /// <summary>Whether the server is running.</summary>
    public bool IsRunning => Server is { HasExited: false };

    /// <summary>The running server, or null.</summary>
    protected ServerProcess? Server { get; set; }

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            ChoosePorts();
            try
            {
                await StartAsync();
                return;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts)
            {
                // Most likely a port was taken between choosing and binding it: choose others.
            }
        }
    }

    /// <summary>Starts the server on the fixture's ports over the same data folder.</summary>
    public abstract Task StartAsync();

    /// <summary>Stops the server cleanly; a no-op when it is not running.</summary>
    public async Task StopAsync()
    {
        if (Server is null)
        {
            return;
        }

        await StopGracefullyAsync(Server);
        await Server.DisposeAsync();
        Server = null;
    }

    /// <summary>Stops and starts the server on the same ports and data folder.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Chooses free loopback ports for the next first start.</summary>
    protected abstract void ChoosePorts();

    /// <summary>What the server needs before its process is disposed (which signals it to stop).</summary>
    protected virtual Task StopGracefullyAsync(ServerProcess server) => Task.CompletedTask;
}
