using System.Text.Json.Nodes;

namespace Fleet.Cli.Documents;

/// <summary>
/// Whether applying a document would change its object: every field the document's spec sets must already hold that
/// value in what the server shows. Fields the document leaves out keep the server's value on a PUT only when they are
/// defaults, so they are not compared; secrets (passwords, tokens, keys) are never shown, so a spec that sets one
/// always counts as a change.
/// </summary>
public static class SpecComparison
{
    private static readonly HashSet<string> SecretFields = new(StringComparer.Ordinal)
    {
        "password", "token", "clientKeyData", "clientCertificateData", "webhookSecret", "secret", "kubeconfig",
    };

    /// <summary>True when <paramref name="current"/> (the object as GET shows it) already has every value of <paramref name="spec"/>.</summary>
    public static bool IsUnchanged(JsonObject spec, JsonNode current)
    {
        // Applications and projects answer with their spec; repositories, clusters and sinks with the fields themselves.
        var shown = current is JsonObject view && view["spec"] is JsonObject inner ? inner : current;
        return Covers(spec, shown, topLevel: true);
    }

    private static bool Covers(JsonNode? wanted, JsonNode? shown, bool topLevel = false)
    {
        switch (wanted)
        {
            case null:
                return shown is null;
            case JsonObject fields:
                if (shown is not JsonObject shownFields)
                {
                    return false;
                }
                foreach (var (name, value) in fields)
                {
                    if (topLevel && SecretFields.Contains(name) && value is not null)
                    {
                        return false;
                    }
                    if (!Covers(value, shownFields[name]))
                    {
                        return false;
                    }
                }
                return true;
            case JsonArray items:
                return shown is JsonArray shownItems && items.Count == shownItems.Count
                    && items.Zip(shownItems).All(pair => Covers(pair.First, pair.Second));
            default:
                return JsonNode.DeepEquals(wanted, shown);
        }
    }
}
