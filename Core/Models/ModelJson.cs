using System.Text.Json;
using System.Text.Json.Serialization;

namespace StreamML.Core.Models;

/// <summary>The JSON shape of model metadata, shared by every store so a version written by one reads in another.</summary>
public static class ModelJson
{
    /// <summary>Serializer options: camelCase names, enums as strings, indented for people who open the file.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Serializes metadata.</summary>
    public static byte[] Serialize(ModelVersionInfo info) => JsonSerializer.SerializeToUtf8Bytes(info, Options);

    /// <summary>Deserializes metadata.</summary>
    /// <exception cref="InvalidDataException">The bytes are not model metadata.</exception>
    public static ModelVersionInfo Deserialize(ReadOnlySpan<byte> json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<ModelVersionInfo>(json, Options)
                ?? throw new InvalidDataException($"{source}: empty model metadata");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: unreadable model metadata: {ex.Message}", ex);
        }
    }
}
