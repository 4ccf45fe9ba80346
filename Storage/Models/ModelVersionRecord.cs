using System.Text.Json;
using StreamML.Core.Models;

namespace StreamML.Storage.Models;

/// <summary>
/// The immutable part of a version in a shared model store: its metadata, the SHA-256 of the artefact bytes the store
/// was given, and the signature when signing is configured. Written once, beside the artefact, and never replaced.
/// </summary>
/// <param name="Info">The version's metadata as registered; its status is the store's current one when read back.</param>
/// <param name="ArtifactSha256">Lower-case hex SHA-256 of the stored artefact, checked on every read.</param>
/// <param name="Signature">The <see cref="ModelSigner"/> signature file's bytes, or null when the version is unsigned.</param>
public sealed record ModelVersionRecord(ModelVersionInfo Info, string ArtifactSha256, byte[]? Signature)
{
    /// <summary>The record as JSON (the metadata in <see cref="ModelJson"/>'s shape).</summary>
    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this, ModelJson.Options);

    /// <summary>Reads a record written by <see cref="Serialize"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a version record.</exception>
    public static ModelVersionRecord Deserialize(ReadOnlySpan<byte> json, string source)
    {
        try
        {
            var record = JsonSerializer.Deserialize<ModelVersionRecord>(json, ModelJson.Options);
            return record is { Info: not null, ArtifactSha256.Length: > 0 }
                ? record
                : throw new InvalidDataException($"{source}: incomplete model version record");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: unreadable model version record: {ex.Message}", ex);
        }
    }
}
