using Microsoft.Extensions.Options;

namespace StreamML.Silo.Transport;

/// <summary>HTTPS of the web host: Kestrel's certificate, HSTS and the redirection of plain HTTP, when a certificate is configured.</summary>
internal static class HttpsHosting
{
    /// <summary>The address the silo listens on when no URLs are configured and HTTPS is on.</summary>
    public const string DefaultHttpsUrl = "https://localhost:8443";

    /// <summary>Gives Kestrel's HTTPS endpoints the configured certificate and sets the HSTS header's terms.</summary>
    public static void AddStreamMLHttps(this WebApplicationBuilder builder, ApiHttpsOptions https)
    {
        if (!https.Enabled)
        {
            return;
        }

        // Loaded once for the life of the host: Kestrel presents it on every handshake.
        var certificate = CertificateFile.Load(https.CertificatePath!, https.CertificatePassword, https.KeyPath);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(o => o.ServerCertificate = certificate));
        builder.Services.AddHsts(o =>
        {
            o.MaxAge = https.HstsMaxAge;
            o.IncludeSubDomains = https.HstsIncludeSubDomains;
        });
    }

    /// <summary>Adds HSTS and the redirection of plain HTTP in front of every endpoint, when HTTPS is configured.</summary>
    public static void UseStreamMLHttps(this WebApplication app)
    {
        var https = app.Services.GetRequiredService<IOptions<ApiHttpsOptions>>().Value;
        if (!https.Enabled)
        {
            return;
        }

        app.UseHsts();
        if (https.RedirectHttp)
        {
            app.UseHttpsRedirection();
        }
    }
}
