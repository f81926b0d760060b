using System.Text.Encodings.Web;
using System.Text.Json;

namespace Fleet.Simulator.Http;

/// <summary>JSON as the API server writes it: no HTML-safe escaping of quotes, plus signs or angle brackets.</summary>
public static class JsonDefaults
{
    public static JsonSerializerOptions Options { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
