namespace StreamML.Core.Drift.Detectors;

/// <summary>
/// The framing every detector puts around its state: a type tag, a format version and the parameters it was created
/// with, so that state written by one detector cannot be read by another type or by one with other parameters.
/// </summary>
internal static class DriftState
{
    private const uint Magic = 0x54464453; // "SDFT" little-endian: StreamML drift state

    public static void WriteHeader(BinaryWriter writer, string tag, byte version)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Magic);
        writer.Write(tag);
        writer.Write(version);
    }

    public static void ReadHeader(BinaryReader reader, string tag, byte version)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Read(() =>
        {
            if (reader.ReadUInt32() != Magic)
            {
                throw new InvalidDataException($"not {tag} detector state: the data does not start with a drift state header");
            }

            var actualTag = reader.ReadString();
            if (!string.Equals(actualTag, tag, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"not {tag} detector state: the data was written by {actualTag}");
            }

            var actualVersion = reader.ReadByte();
            if (actualVersion != version)
            {
                throw new InvalidDataException($"{tag} detector state has format version {actualVersion}, this build reads version {version}");
            }

            return 0;
        });
    }

    /// <summary>Checks that a parameter stored with the state equals the detector's own.</summary>
    public static void Expect(string tag, string parameter, double stored, double actual)
    {
        if (BitConverter.DoubleToInt64Bits(stored) != BitConverter.DoubleToInt64Bits(actual))
        {
            throw new InvalidDataException($"{tag} detector state was written with {parameter}={stored.ToString(System.Globalization.CultureInfo.InvariantCulture)}, this detector has {parameter}={actual.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>Runs a read, turning a truncated stream into <see cref="InvalidDataException"/>.</summary>
    public static T Read<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("drift detector state is truncated", ex);
        }
    }

    public static bool ReadFlag(BinaryReader reader)
    {
        var b = reader.ReadByte();
        return b switch
        {
            0 => false,
            1 => true,
            _ => throw new InvalidDataException($"drift detector state is corrupt: flag byte {b}"),
        };
    }
}
