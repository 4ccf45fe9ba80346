using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace StreamML.Silo.Transport;

/// <summary>Validates <see cref="SiloTlsOptions"/>: the certificate loads with its key, the authority loads, thumbprints are hex.</summary>
internal sealed class SiloTlsOptionsValidator : IValidateOptions<SiloTlsOptions>
{
    private const string Section = SiloTlsOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, SiloTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new ValidateOptionsResultBuilder();
        if (!options.Enabled)
        {
            if (!string.IsNullOrWhiteSpace(options.KeyPath) || !string.IsNullOrEmpty(options.CertificatePassword)
                || options.AllowedThumbprints.Count > 0 || !string.IsNullOrWhiteSpace(options.CaCertificatePath))
            {
                result.AddError($"{Section}:KeyPath, CertificatePassword, AllowedThumbprints and CaCertificatePath need {Section}:CertificatePath.");
            }

            return result.Build();
        }

        if (CertificateFile.Problem(Section, options.CertificatePath!, options.CertificatePassword, options.KeyPath) is { } problem)
        {
            result.AddError(problem);
        }

        foreach (var thumbprint in options.AllowedThumbprints.Where(t => !RemoteCertificateTrust.IsThumbprint(t)))
        {
            result.AddError($"{Section}:AllowedThumbprints '{thumbprint}' is not a SHA-1 or SHA-256 thumbprint in hex.");
        }

        if (!string.IsNullOrWhiteSpace(options.CaCertificatePath))
        {
            try
            {
                using var authority = X509CertificateLoader.LoadCertificateFromFile(options.CaCertificatePath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
            {
                result.AddError($"{Section}:CaCertificatePath '{options.CaCertificatePath}' cannot be loaded: {ex.Message.ReplaceLineEndings(" ").Trim()}");
            }
        }

        return result.Build();
    }
}
