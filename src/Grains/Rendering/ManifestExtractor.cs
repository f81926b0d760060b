using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.Json;
using Fleet.Engine.Planning;

namespace Fleet.Grains.Rendering;

/// <summary>A rendered manifest and the line its object starts on, kept for messages about duplicates.</summary>
internal sealed record SourcedManifest(RenderedManifest Manifest, int? Line);

/// <summary>
/// Turns parsed documents into manifests. A document is a manifest when it has both <c>apiVersion</c> and
/// <c>kind</c>; one with neither (a values file, <c>Chart.yaml</c>) is not, and is skipped; one with only one of
/// them, or without <c>metadata.name</c>, is an error. <c>kind: List</c> is expanded into its items.
/// </summary>
internal static class ManifestExtractor
{
    // Relaxed escaping keeps '+', '<', '&' and non-ASCII text readable; the JSON goes to the API server, not into HTML.
    private static readonly JsonSerializerOptions CompactJson = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Adds the manifests of <paramref name="source"/> to <paramref name="manifests"/> and its problems to <paramref name="errors"/>.</summary>
    /// <param name="source">The parsed documents of one file (or of one Kustomize output).</param>
    /// <param name="file">The file to name in manifests and errors, relative to the repository root.</param>
    /// <param name="linesAreInFile">Whether the parsed lines are lines of <paramref name="file"/>; false for generated text
    /// (Kustomize output), whose line numbers mean nothing in the file.</param>
    /// <param name="manifests">Receives the manifests.</param>
    /// <param name="errors">Receives the problems.</param>
    public static void Extract(ParsedSource source, string file, bool linesAreInFile, List<SourcedManifest> manifests, List<RenderError> errors)
    {
        var context = new Context(source, file, linesAreInFile, manifests, errors);
        foreach (var document in source.Documents)
        {
            if (document.Root is JsonObject root)
            {
                AddObject(context, root, document.Line, listItem: null);
            }
        }
    }

    private static void AddObject(Context context, JsonObject root, int documentLine, string? listItem)
    {
        var line = context.Source.LineOf(root) ?? documentLine;
        var where = listItem ?? "this document";
        var hasApiVersion = root.ContainsKey("apiVersion");
        var hasKind = root.ContainsKey("kind");
        if (!hasApiVersion && !hasKind)
        {
            if (listItem is not null)
            {
                context.Error(line, $"{listItem} has no apiVersion and no kind; every item of a List must be a Kubernetes object.");
            }

            return;
        }

        if (!hasApiVersion || !hasKind)
        {
            var missing = hasApiVersion ? "kind" : "apiVersion";
            context.Error(line, $"{where} has {(hasApiVersion ? "apiVersion" : "kind")} but no {missing}; add {missing}, " +
                "or remove the other field if it is not a Kubernetes manifest.");
            return;
        }

        if (!TryGetText(root, "apiVersion", out var apiVersion) || !TryGetText(root, "kind", out var kind))
        {
            context.Error(line, $"{where} needs apiVersion and kind as non-empty text (for example apiVersion: apps/v1, kind: Deployment).");
            return;
        }

        if (kind == "List")
        {
            AddListItems(context, root, line);
            return;
        }

        var metadata = root["metadata"] as JsonObject;
        if (metadata is null || !TryGetText(metadata, "name", out var name))
        {
            // A hook is created anew by every sync operation, so generateName is enough: it is known by it until Fleet
            // names each run (SyncHooks.GeneratedName).
            if (metadata is not null && TryGetText(metadata, "generateName", out var generateName) && SyncHooks.IsHook(root))
            {
                name = generateName;
            }
            else
            {
                context.Error(line, metadata is not null && TryGetText(metadata, "generateName", out _)
                    ? $"the {kind} in {where} has only metadata.generateName; Fleet applies objects by name, so give it a name, " +
                        "or make it a hook (annotation fleet.dev/hook: PreSync, Sync, PostSync or SyncFail) to have it created anew by every sync."
                    : $"the {kind} in {where} has no metadata.name; give it a name (Fleet applies objects by name, so generateName is not enough).");
                return;
            }
        }

        if (SyncHooks.Problem(root) is { } hookProblem)
        {
            context.Error(line, $"the {kind} {name} has an invalid {hookProblem}");
            return;
        }

        string? ns = null;
        if (metadata.ContainsKey("namespace") && metadata["namespace"] is not null && !TryGetText(metadata, "namespace", out ns))
        {
            context.Error(line, $"the {kind} {name} has a metadata.namespace that is not text; write the namespace name.");
            return;
        }

        var json = root.ToJsonString(CompactJson);
        context.Manifests.Add(new SourcedManifest(
            new RenderedManifest(apiVersion, kind, string.IsNullOrEmpty(ns) ? null : ns, name, json, context.File),
            context.LinesAreInFile ? line : null));
    }

    private static void AddListItems(Context context, JsonObject list, int line)
    {
        if (list["items"] is not JsonArray items)
        {
            context.Error(line, "a kind: List needs an items list; add items or change the kind.");
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var label = $"item {i + 1} of the List";
            if (items[i] is JsonObject item)
            {
                AddObject(context, item, line, label);
            }
            else
            {
                context.Error(line, $"{label} is not an object; every item of a List must be a Kubernetes object.");
            }
        }
    }

    private static bool TryGetText(JsonObject node, string property, out string text)
    {
        text = "";
        if (node[property] is JsonValue value && value.TryGetValue<string>(out var found) && found.Length > 0)
        {
            text = found;
            return true;
        }

        return false;
    }

    private sealed record Context(ParsedSource Source, string File, bool LinesAreInFile, List<SourcedManifest> Manifests, List<RenderError> Errors)
    {
        public void Error(int line, string message) =>
            Errors.Add(LinesAreInFile ? new RenderError(File, line, message) : new RenderError(File, null, $"{message} (line {line} of the rendered output)"));
    }
}
