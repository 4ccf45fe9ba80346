using Microsoft.Extensions.Options;

namespace StreamML.Silo.Transport;

/// <summary>Validates <see cref="ApiHttpsOptions"/>: the certificate loads with its key, and the HSTS age is not negative.</summary>
internal sealed class ApiHttpsOptionsValidator : IValidateOptions<ApiHttpsOptions>
{
    private const string Section = ApiHttpsOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ApiHttpsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new ValidateOptionsResultBuilder();
        if (options.Enabled)
        {
            if (CertificateFile.Problem(Section, options.CertificatePath!, options.CertificatePassword, options.KeyPath) is { } problem)
            {
                result.AddError(problem);
            }
        }
        else if (!string.IsNullOrWhiteSpace(options.KeyPath) || !string.IsNullOrEmpty(options.CertificatePassword))
        {
            result.AddError($"{Section}:KeyPath and {Section}:CertificatePassword need {Section}:CertificatePath.");
        }

        if (options.HstsMaxAge < TimeSpan.Zero)
        {
            result.AddError($"{Section}:HstsMaxAge must not be negative.");
        }

        return result.Build();
    }
}
