using System.Text.Json.Nodes;

namespace Fleet.Engine.Documents;

/// <summary>
/// Whether applying a document would change its object: every field the document's spec sets must already hold that
/// value in the object's own document (<see cref="DocumentViews"/>; for a kind without one, in what GET shows). A
/// default (false, empty) matches a field the document form leaves out. Secrets (passwords, tokens, keys) are never
/// shown, so a spec that sets one always counts as a change.
/// </summary>
public static class SpecComparison
{
    private static readonly HashSet<string> SecretFields = new(StringComparer.Ordinal)
    {
        "password", "token", "clientKeyData", "clientCertificateData", "webhookSecret", "secret", "kubeconfig",
    };

    /// <summary>
    /// True when <paramref name="current"/> (the object as GET shows it, with the secret <paramref name="references"/>
    /// it was written with) already has every value of <paramref name="spec"/>. A reference that names the same Secret
    /// key counts as unchanged: the value is read again when the document itself changes.
    /// </summary>
    public static bool IsUnchanged(DocumentKind kind, JsonObject spec, JsonNode current, JsonObject? references = null) =>
        !kind.Secrets.Any(field => spec[field] is not null)
        && Covers(spec, DocumentViews.SpecOf(kind, current, references, partial: true) ?? current, topLevel: true);

    private static bool Covers(JsonNode? wanted, JsonNode? shown, bool topLevel = false)
    {
        if (shown is null)
        {
            return DocumentViews.IsDefault(wanted);
        }
        switch (wanted)
        {
            case null:
                return false;
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
