using System.Text.Json.Nodes;

namespace Fleet.Engine.Documents;

/// <summary>
/// Turns what GET answers into the <c>fleet.dev/v1</c> document that <c>fleet apply</c> takes back: the spec holds
/// the fields of the object's PUT body, in the body's shape (an application's stored <c>destination.matchLabels</c>
/// is the body's <c>destination.selector.matchLabels</c>), without defaults, and never a secret, which GET never
/// shows. Applying such a document unchanged sends nothing. Pure: the CLI prints and compares with it, and an app of
/// apps compares what Git declares with what Fleet holds.
/// </summary>
public static class DocumentViews
{
    /// <summary>
    /// The document of <paramref name="view"/>, an object of <paramref name="kind"/> as GET answers it, with the secret
    /// references it was written with (<c>passwordFrom</c>: what <c>GET /api/v1/metadata/...</c> answers as secretReferences);
    /// null when its body holds a secret the server never shows (a sink's URL written inline).
    /// </summary>
    public static JsonObject? ToDocument(DocumentKind kind, string name, JsonNode view, JsonObject? references = null)
    {
        if (SpecOf(kind, view, references) is not { } spec)
        {
            return null;
        }
        return new JsonObject
        {
            ["apiVersion"] = DocumentKinds.ApiVersion,
            ["kind"] = kind.Kind,
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = spec,
        };
    }

    /// <summary>
    /// The spec part of <see cref="ToDocument"/>; null for a kind whose body the server cannot show, unless
    /// <paramref name="partial"/> asks for what it can show (to compare with).
    /// </summary>
    public static JsonObject? SpecOf(DocumentKind kind, JsonNode view, JsonObject? references = null, bool partial = false)
    {
        var spec = ShownSpecOf(kind, view);
        foreach (var (field, reference) in references ?? [])
        {
            if (spec is not null && reference is not null)
            {
                spec[field] = reference.DeepClone();
            }
        }
        // A sink's URL is a secret: its document is whole only when the URL came from a reference.
        return !partial && kind.Kind == "NotificationSink" && spec?.ContainsKey(DocumentKind.ReferenceField("url")) != true ? null : spec;
    }

    private static JsonObject? ShownSpecOf(DocumentKind kind, JsonNode view) => kind.Kind switch
    {
        "Application" => Application(view["spec"]!.AsObject()),
        "Project" => Project(view["spec"]!.AsObject()),
        "Repository" => Repository(view.AsObject()),
        "Cluster" => Cluster(view.AsObject()),
        "ImageRepository" => Copy(view.AsObject(), "image", "intervalSeconds", "insecure"),
        // The API already answers a policy in its body's shape, beside its latest tag.
        "ImagePolicy" => Copy(view.AsObject(), "imageRepository", "policy", "filterTags"),
        "ImageUpdate" => Copy(view["spec"]!.AsObject(), "repository", "branch", "path", "author", "pushBranch"),
        "NotificationSink" => Copy(view.AsObject(), "type", "triggers", "application", "cluster", "throttle"),
        _ => null,
    };

    /// <summary>True for what a PUT body may leave out to the same effect: null, false, an empty list or object.</summary>
    public static bool IsDefault(JsonNode? value) => value switch
    {
        null => true,
        JsonArray items => items.Count == 0,
        JsonObject fields => fields.Count == 0,
        JsonValue scalar when scalar.TryGetValue(out bool flag) => !flag,
        _ => false,
    };

    private static JsonObject Application(JsonObject spec)
    {
        var body = Copy(spec, "project", "repository", "chart", "revision", "path", "syncPolicy", "ignoreDifferences", "helm");
        if (spec["destination"] is JsonObject destination)
        {
            var target = Copy(destination, "controlPlane", "clusters", "namespace", "createNamespace", "namespaceMetadata");
            if (Selector(destination) is { } selector)
            {
                target["selector"] = selector;
            }
            body["destination"] = target;
        }
        return body;
    }

    private static JsonObject Project(JsonObject spec)
    {
        var body = Copy(spec, "description", "sourceRepositories", "clusterResources", "namespaceResourcesDenied", "remoteSources");
        if (spec["destinations"] is JsonArray destinations)
        {
            body["destinations"] = new JsonArray([.. destinations.OfType<JsonObject>().Select(destination =>
            {
                var target = Copy(destination, "cluster", "namespace");
                if (Selector(destination) is { } selector)
                {
                    target["selector"] = selector;
                }
                return (JsonNode)target;
            })]);
        }
        return body;
    }

    private static JsonObject Repository(JsonObject view)
    {
        var body = Copy(view, "url", "type", "pollIntervalSeconds", "insecure");
        if (view["type"]?.GetValue<string>() is not "helm")
        {
            body.Remove("type");
            body["branch"] = view["branch"]?.DeepClone();
        }
        return body;
    }

    private static JsonObject Cluster(JsonObject view) => Copy(view, "server", "insecureSkipTlsVerify", "labels");

    // The stored form keeps matchLabels and matchExpressions beside the other fields; the body nests them.
    private static JsonObject? Selector(JsonObject stored)
    {
        var selector = Copy(stored, "matchLabels", "matchExpressions");
        return selector.Count > 0 ? selector : null;
    }

    // The named fields that carry something: nulls, false, empty lists and empty objects are what a PUT assumes anyway.
    private static JsonObject Copy(JsonObject from, params string[] fields)
    {
        var copy = new JsonObject();
        foreach (var field in fields)
        {
            if (from[field] is { } value && !IsDefault(value))
            {
                copy[field] = WithoutNulls(value);
            }
        }
        return copy;
    }

    // Inside a copied value too: a policy answers the rules it does not use as null.
    private static JsonNode WithoutNulls(JsonNode value)
    {
        if (value is not JsonObject fields)
        {
            return value.DeepClone();
        }
        var copy = new JsonObject();
        foreach (var (name, field) in fields)
        {
            if (field is not null)
            {
                copy[name] = WithoutNulls(field);
            }
        }
        return copy;
    }
}
