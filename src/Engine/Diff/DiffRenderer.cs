using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;

namespace Fleet.Engine.Diff;

/// <summary>Writes an <see cref="ObjectDiff"/> as text in the style of a unified diff.</summary>
internal static class DiffRenderer
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Render(JsonObject desired, ObjectDiff diff)
    {
        if (diff.InSync)
        {
            return "";
        }

        var name = Describe(desired);
        var text = new StringBuilder()
            .Append("--- live ").Append(name).Append('\n')
            .Append("+++ desired ").Append(name).Append('\n');

        var isSecret = ManifestNormalizer.IsSecret(desired);
        foreach (var shown in diff.Differences)
        {
            // Secret values are masked here too: this text is shown to people who may not read Secrets.
            var difference = isSecret ? SecretValues.Mask(shown) : shown;
            text.Append("@@ ").Append(difference.Path).Append(" @@\n");
            AppendLines(text, '-', difference.Live);
            AppendLines(text, '+', difference.Desired);
        }

        return text.ToString();
    }

    private static void AppendLines(StringBuilder text, char marker, string? compactJson)
    {
        if (compactJson is null)
        {
            return;
        }

        var pretty = JsonNode.Parse(compactJson)?.ToJsonString(Indented) ?? "null";
        foreach (var line in pretty.Split('\n'))
        {
            text.Append(marker).Append(line.TrimEnd('\r')).Append('\n');
        }
    }

    private static string Describe(JsonObject desired)
    {
        var metadata = desired["metadata"] as JsonObject;
        var parts = new[]
        {
            Text(desired["apiVersion"]), Text(desired["kind"]),
            Text(metadata?["namespace"]) is { } ns ? $"{ns}/{Text(metadata?["name"])}" : Text(metadata?["name"]),
        };
        return string.Join(' ', parts.Where(part => !string.IsNullOrEmpty(part)));
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
