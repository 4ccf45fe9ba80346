using System.Net;
using Microsoft.Extensions.Options;
using StreamML.Storage;

namespace StreamML.Silo.Hosting;

/// <summary>Validates <see cref="StreamMLHostOptions"/>, reporting every problem at once.</summary>
internal sealed class StreamMLHostOptionsValidator : IValidateOptions<StreamMLHostOptions>
{
    public ValidateOptionsResult Validate(string? name, StreamMLHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new ValidateOptionsResultBuilder();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            result.AddError("StreamML:DataDirectory must not be empty.");
        }

        if (!Enum.IsDefined(options.GrainStorage))
        {
            result.AddError($"StreamML:GrainStorage '{options.GrainStorage}' is not one of {string.Join(", ", Enum.GetNames<GrainStorageProvider>())}.");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId) || string.IsNullOrWhiteSpace(options.ServiceId))
        {
            result.AddError("StreamML:ClusterId and StreamML:ServiceId must not be empty.");
        }

        if (!options.AdvertisesHostAddress && !IPAddress.TryParse(options.AdvertisedAddress, out _))
        {
            result.AddError($"StreamML:AdvertisedAddress '{options.AdvertisedAddress}' is neither an IP address nor {StreamMLHostOptions.AutoAddress}.");
        }

        if (!Enum.IsDefined(options.Source))
        {
            result.AddError($"StreamML:Source '{options.Source}' is not a known source.");
        }

        if (options.SiloPort is < 1 or > 65_535 || options.GatewayPort is < 1 or > 65_535 || options.SiloPort == options.GatewayPort)
        {
            result.AddError("StreamML:SiloPort and StreamML:GatewayPort must be distinct ports between 1 and 65535.");
        }

        if (options.HttpQueueCapacity is < 1 or > 10_000_000)
        {
            result.AddError("StreamML:HttpQueueCapacity must be between 1 and 10,000,000.");
        }

        if (options.ShutdownTimeout <= TimeSpan.Zero)
        {
            result.AddError("StreamML:ShutdownTimeout must be positive.");
        }

        return result.Build();
    }
}
