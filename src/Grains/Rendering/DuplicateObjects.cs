namespace Fleet.Grains.Rendering;

/// <summary>
/// Rejects two manifests for the same object (same API group, kind, namespace and name): applying both would make
/// the last one win silently and flap on every sync.
/// </summary>
internal static class DuplicateObjects
{
    /// <summary>Adds an error, naming both files, for every manifest that repeats an earlier one.</summary>
    public static void Check(IReadOnlyList<SourcedManifest> manifests, List<RenderError> errors)
    {
        var seen = new Dictionary<(string Group, string Kind, string? Namespace, string Name), SourcedManifest>();
        foreach (var sourced in manifests)
        {
            var manifest = sourced.Manifest;
            var key = (GroupOf(manifest.ApiVersion), manifest.Kind, manifest.Namespace, manifest.Name);
            if (seen.TryGetValue(key, out var first))
            {
                var where = manifest.Namespace is null ? manifest.Name : $"{manifest.Namespace}/{manifest.Name}";
                errors.Add(new RenderError(manifest.SourceFile, sourced.Line,
                    $"{manifest.Kind} {where} is defined twice: in {Location(first)} and in {Location(sourced)}; keep one of them."));
            }
            else
            {
                seen.Add(key, sourced);
            }
        }
    }

    // apps/v1 and apps/v1beta1 name the same object; only the group counts.
    private static string GroupOf(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? "" : apiVersion[..slash];
    }

    private static string Location(SourcedManifest sourced) =>
        sourced.Line is { } line ? $"{sourced.Manifest.SourceFile} line {line}" : sourced.Manifest.SourceFile;
}
