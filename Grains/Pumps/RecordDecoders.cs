using StreamML.Core.Privacy;
using StreamML.Grains.Services;

namespace StreamML.Grains.Pumps;

/// <summary>The record decoders a silo can give its pumps.</summary>
public static class RecordDecoders
{
    /// <summary>
    /// The platform's decoder: decoded records (the generator, the HTTP queue) pass through; raw payloads are UTF-8 JSON
    /// events or labels, validated against <paramref name="context"/>'s schema; entity ids and configured fields are
    /// replaced by <paramref name="pseudonymiser"/>'s pseudonyms.
    /// </summary>
    public static IRecordDecoder Json(PlatformContext context, Pseudonymiser pseudonymiser)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(pseudonymiser);
        return new JsonRecordDecoder(context, pseudonymiser);
    }
}
