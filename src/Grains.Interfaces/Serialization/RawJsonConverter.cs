using System.Text.Json.Serialization;
using System.Text.Json;

namespace Fleet.Grains.Interfaces.Serialization;

/// <summary>
/// Writes a string that holds JSON as that JSON, and reads any JSON value back as its text. Grain contracts keep free-form
/// JSON (a chart's inline values) as text, which Orleans carries as is; the API shows and takes it as JSON.
/// </summary>
public sealed class RawJsonConverter : JsonConverter<string>
{
    /// <inheritdoc />
    public override bool HandleNull => false;

    /// <inheritdoc />
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteRawValue(value);
}
