using System.Text.Json.Nodes;
using Fleet.Engine.Documents;

namespace Fleet.Api.Documents;

/// <summary>
/// A PUT body in document form (<c>apiVersion: fleet.dev/v1</c>, <c>kind</c>, <c>metadata.name</c>, <c>spec</c>) is
/// the object's ordinary body wrapped with what names it. Unwrapping checks that it names what the URL names, so that
/// a file applied to the wrong place is refused instead of overwriting another object.
/// </summary>
public static class FleetDocument
{
    private static readonly HashSet<string> TopLevelFields = new(StringComparer.Ordinal) { "apiVersion", "kind", "metadata", "spec" };

    /// <summary>True when <paramref name="body"/> is an object that declares <c>apiVersion: fleet.dev/v1</c>.</summary>
    public static bool IsDocument(JsonNode? body) =>
        body is JsonObject fields && fields["apiVersion"] is JsonValue version && version.TryGetValue(out string? text) && text == DocumentKinds.ApiVersion;

    /// <summary>
    /// The spec of the document <paramref name="body"/> PUT to <paramref name="collection"/>/<paramref name="name"/>,
    /// or the field that is wrong and why.
    /// </summary>
    public static DocumentUnwrap Unwrap(JsonObject body, string collection, string name)
    {
        foreach (var (field, _) in body)
        {
            if (!TopLevelFields.Contains(field))
            {
                return DocumentUnwrap.Refused(field, $"is not a field of a {DocumentKinds.ApiVersion} document (apiVersion, kind, metadata, spec)");
            }
        }
        var expected = DocumentKinds.OfCollection(collection);
        var kind = Text(body["kind"]);
        if (expected is null)
        {
            return DocumentUnwrap.Refused("kind", $"documents cannot be sent to /api/v1/{collection}");
        }
        if (kind != expected.Kind)
        {
            return DocumentUnwrap.Refused("kind", kind is null
                ? $"is required: {expected.Kind} for /api/v1/{collection}"
                : $"is {kind}, but /api/v1/{collection} takes {expected.Kind} documents");
        }
        if (body["metadata"] is not JsonObject metadata || Text(metadata["name"]) is not { } documentName)
        {
            return DocumentUnwrap.Refused("metadata.name", "is required");
        }
        if (metadata.Any(field => field.Key != "name"))
        {
            return DocumentUnwrap.Refused("metadata." + metadata.First(field => field.Key != "name").Key, "is not a field of a document's metadata (only name)");
        }
        if (documentName != name)
        {
            return DocumentUnwrap.Refused("metadata.name", $"is \"{documentName}\", but the URL names \"{name}\"");
        }
        return body["spec"] is JsonObject spec
            ? new DocumentUnwrap(spec.DeepClone(), null, null)
            : DocumentUnwrap.Refused("spec", "is required: an object with the fields of the PUT body");
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}

/// <summary>The spec of a document, or the field that made it unusable and why.</summary>
public sealed record DocumentUnwrap(JsonNode? Spec, string? Field, string? Error)
{
    public static DocumentUnwrap Refused(string field, string error) => new(null, field, error);
}
