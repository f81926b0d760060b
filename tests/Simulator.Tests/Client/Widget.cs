using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Fleet.Simulator.Tests.Client;

/// <summary>A custom resource of the test CRD, as a typed model the generic client (de)serializes.</summary>
public sealed class Widget : IKubernetesObject<V1ObjectMeta>
{
    public const string Group = "fleet.example.com";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = $"{Group}/v1";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "Widget";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public WidgetSpec? Spec { get; set; }
}

/// <summary>The spec of a <see cref="Widget"/>.</summary>
public sealed class WidgetSpec
{
    [JsonPropertyName("size")]
    public int Size { get; set; }

    [JsonPropertyName("color")]
    public string? Color { get; set; }
}

/// <summary>A list of <see cref="Widget"/>s.</summary>
public sealed class WidgetList : IKubernetesObject<V1ListMeta>, IItems<Widget>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = $"{Widget.Group}/v1";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "WidgetList";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<Widget> Items { get; set; } = [];
}
