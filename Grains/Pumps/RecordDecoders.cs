using StreamML.Grains.Services;

namespace StreamML.Grains.Pumps;

/// <summary>The record decoders a silo can give its pumps.</summary>
public static class RecordDecoders
{
    /// <summary>
    /// The platform's decoder: decoded records (the generator, the HTTP queue) pass through; raw payloads are UTF-8 JSON
    /// events or labels, validated against <paramref name="context"/>'s schema.
    /// </summary>
    public static IRecordDecoder Json(PlatformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new JsonRecordDecoder(context);
    }
}
