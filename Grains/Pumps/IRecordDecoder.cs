using StreamML.Core.Sources;

namespace StreamML.Grains.Pumps;

/// <summary>Turns a source record into an event or a label, or into a dead letter that says why it could not.</summary>
public interface IRecordDecoder
{
    /// <summary>
    /// Decodes one record read from <paramref name="source"/>'s <paramref name="partition"/> and wraps it in an envelope
    /// with its partition, offset and <paramref name="ingestTicks"/>.
    /// </summary>
    DecodedRecord Decode(in SourceRecord record, string source, int partition, long ingestTicks);
}
