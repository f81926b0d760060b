using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fleet.Reconciler.Delivery;

/// <summary>The JSON both ends of the agent protocol write and read: camelCase properties, enums by their names, nulls left out.</summary>
public static class AgentWire
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };
}
