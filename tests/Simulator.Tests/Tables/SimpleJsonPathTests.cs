using System.Text.Json.Nodes;
using Fleet.Simulator.Tables;

namespace Fleet.Simulator.Tests.Tables;

public class SimpleJsonPathTests
{
    private static readonly JsonNode Widget = JsonNode.Parse("""
        {"metadata":{"name":"w","labels":{"app.kubernetes.io/name":"shop"}},
         "spec":{"size":3,"tags":["a","b"]},
         "status":{"conditions":[{"type":"Synced","status":"False"},{"type":"Ready","status":"True","reason":"Up"}]}}
        """)!;

    [Theory]
    [InlineData(".spec.size", "3")]
    [InlineData("spec.size", "3")]
    [InlineData("{.spec.size}", "3")]
    [InlineData(".spec.tags[1]", "\"b\"")]
    [InlineData(".spec.tags[-1]", "\"b\"")]
    [InlineData(".spec.tags", "[\"a\",\"b\"]")]
    [InlineData(".metadata.labels['app.kubernetes.io/name']", "\"shop\"")]
    [InlineData(".status.conditions[?(@.type==\"Ready\")].status", "\"True\"")]
    [InlineData(".status.conditions[?(@.type=='Ready')].reason", "\"Up\"")]
    [InlineData(".status.conditions[?(@.type!=\"Ready\")].type", "\"Synced\"")]
    [InlineData(".status.conditions[*].type", "\"Synced\"")]
    public void Evaluate_SupportedPath_SelectsFirstMatch(string path, string expectedJson) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expectedJson), SimpleJsonPath.Evaluate(Widget, path)), path);

    [Theory]
    [InlineData(".spec.missing")]
    [InlineData(".spec.tags[5]")]
    [InlineData(".status.conditions[?(@.type==\"Gone\")].status")]
    [InlineData(".spec.size.deeper")]
    [InlineData(".spec.tags[")]
    public void Evaluate_NothingSelected_IsNull(string path) =>
        Assert.Null(SimpleJsonPath.Evaluate(Widget, path));
}
