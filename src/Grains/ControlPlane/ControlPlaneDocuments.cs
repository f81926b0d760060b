using System.Text.Json;
using System.Text.Json.Nodes;
using Fleet.Engine.Documents;
using Fleet.Grains.Interfaces.Repositories;

namespace Fleet.Grains.ControlPlane;

/// <summary>One Fleet object an app of apps declares: its kind, name, the spec (the PUT body) and where it was written.</summary>
public sealed record ChildDocument(DocumentKind Kind, string Name, JsonObject Spec, string Source)
{
    /// <summary>The key of the object's metadata and of the owner's list: <c>{collection}/{name}</c>.</summary>
    public string Key => $"{Kind.Collection}/{Name}";
}

/// <summary>
/// Reads the rendered objects of an app of apps as <c>fleet.dev/v1</c> documents. Pure: every problem is collected
/// with the file and line, so that one bad document stops the whole revision before anything is written.
/// </summary>
public static class ControlPlaneDocuments
{
    private static readonly HashSet<string> TopLevelFields = new(StringComparer.Ordinal) { "apiVersion", "kind", "metadata", "spec" };

    /// <summary>The documents of <paramref name="manifests"/>, in apply order, or every problem found.</summary>
    public static (IReadOnlyList<ChildDocument> Documents, IReadOnlyList<string> Errors) Read(string owner, IReadOnlyList<Manifest> manifests)
    {
        var documents = new List<ChildDocument>();
        var errors = new List<string>();
        foreach (var manifest in manifests)
        {
            var source = manifest.Line is { } line ? $"{manifest.SourceFile}:{line}" : manifest.SourceFile ?? "(unknown file)";
            var problem = Problem(owner, manifest, out var document, source);
            if (problem is not null)
            {
                errors.Add($"{source}: {manifest.Kind} {manifest.Name}: {problem}");
            }
            else
            {
                documents.Add(document!);
            }
        }
        return (documents.OrderBy(d => d.Kind.ApplyOrder).ThenBy(d => d.Name, StringComparer.Ordinal).ToList(), errors);
    }

    /// <summary>
    /// The objects <paramref name="document"/> names that must exist before it is written, as
    /// (<c>{collection}/{name}</c>, the field that names it): an application's repository and project, an image
    /// policy's image repository, an image update's repository. Checked for the whole revision before anything is
    /// written, so that a document naming nothing that exists does not leave the others half applied.
    /// </summary>
    public static IEnumerable<(string Key, string Field)> Needs(ChildDocument document)
    {
        (string Collection, string Field)[] fields = document.Kind.Kind switch
        {
            "Application" => [("repositories", "repository"), ("projects", "project")],
            "ImagePolicy" => [("imagerepositories", "imageRepository")],
            "ImageUpdate" => [("repositories", "repository")],
            _ => [],
        };
        foreach (var (collection, field) in fields)
        {
            if (document.Spec[field] is JsonValue value && value.TryGetValue(out string? name) && !string.IsNullOrEmpty(name))
            {
                yield return ($"{collection}/{name}", field);
            }
        }
    }

    private static string? Problem(string owner, Manifest manifest, out ChildDocument? document, string source)
    {
        document = null;
        if (manifest.ApiVersion != DocumentKinds.ApiVersion)
        {
            return $"is a {manifest.ApiVersion} object; an application whose destination is the control plane declares {DocumentKinds.ApiVersion} documents only";
        }
        if (DocumentKinds.Named(manifest.Kind) is not { } kind)
        {
            return $"kind {manifest.Kind} is not a Fleet kind ({string.Join(", ", DocumentKinds.All.Select(k => k.Kind))})";
        }
        if (kind.Kind == "Application" && manifest.Name == owner)
        {
            return "an application cannot declare itself";
        }
        if (manifest.Namespace is not null)
        {
            return "metadata.namespace is not a field of a Fleet document (only name)";
        }
        JsonObject body;
        try
        {
            body = JsonNode.Parse(manifest.Json)!.AsObject();
        }
        catch (JsonException e)
        {
            return $"is not a JSON object ({e.Message})";
        }
        if (body.Select(field => field.Key).FirstOrDefault(field => !TopLevelFields.Contains(field)) is { } extra)
        {
            return $"{extra} is not a field of a {DocumentKinds.ApiVersion} document (apiVersion, kind, metadata, spec)";
        }
        if (body["metadata"] is JsonObject metadata && metadata.Select(field => field.Key).FirstOrDefault(field => field != "name") is { } extraMetadata)
        {
            return $"metadata.{extraMetadata} is not a field of a document's metadata (only name)";
        }
        if (body["spec"] is not JsonObject spec)
        {
            return "spec is required: an object with the fields of the PUT body";
        }
        if (kind.Secrets.FirstOrDefault(field => spec[field] is JsonValue value && value.ToString().Length > 0) is { } inline)
        {
            // Whoever reads the repository would read the secret: Git keeps only where it comes from.
            return $"spec.{inline} holds a secret in Git; name where it comes from instead: " +
                $"{DocumentKind.ReferenceField(inline)}: {{secret: NAME, key: KEY}} or {{env: FLEET_SECRET_...}}";
        }
        document = new ChildDocument(kind, manifest.Name, (JsonObject)spec.DeepClone(), source);
        return null;
    }
}
