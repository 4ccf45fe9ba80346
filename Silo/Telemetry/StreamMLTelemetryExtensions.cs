using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using StreamML.Grains;

namespace StreamML.Silo.Telemetry;

/// <summary>
/// The silo's OpenTelemetry: metrics always (Prometheus at <c>/metrics</c>), and metrics and traces exported to Azure
/// Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set and over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// is (environment variables or any other configuration source).
/// </summary>
internal static class StreamMLTelemetryExtensions
{
    /// <summary>The Application Insights connection string that turns on the Azure Monitor exporter.</summary>
    public const string AzureMonitorConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The OTLP collector endpoint that turns on the OTLP exporter (the SDK reads the other OTEL_* settings itself).</summary>
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Adds the meters, the trace sources and the exporters the configuration asks for.</summary>
    public static WebApplicationBuilder AddStreamMLTelemetry(this WebApplicationBuilder builder, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var azureMonitor = builder.Configuration[AzureMonitorConnectionString];
        var exportToAzure = !string.IsNullOrWhiteSpace(azureMonitor);
        var exportOtlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpoint]);
        var telemetry = builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(StreamMLDiagnostics.MeterName, "Microsoft.Orleans")
                .AddRuntimeInstrumentation()
                .AddProcessInstrumentation()
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter();
            if (exportToAzure)
            {
                metrics.AddAzureMonitorMetricExporter(o => o.ConnectionString = azureMonitor);
            }

            if (exportOtlp)
            {
                metrics.AddOtlpExporter();
            }
        });

        // Without an exporter nothing listens to the trace sources, so the event path creates no activity at all.
        if (exportToAzure || exportOtlp)
        {
            telemetry.WithTracing(tracing =>
            {
                tracing.AddSource(StreamMLDiagnostics.GrainsActivitySource, StreamMLDiagnostics.InferenceActivitySource)
                    .AddAspNetCoreInstrumentation()
                    .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.TraceSampleRatio)));
                if (exportToAzure)
                {
                    tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = azureMonitor);
                }

                if (exportOtlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
        }

        return builder;
    }
}
