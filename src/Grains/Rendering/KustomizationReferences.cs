using System.Text.Json.Nodes;

namespace Fleet.Grains.Rendering;

/// <summary>
/// Follows the local references of kustomization files (resources, bases, components, patches, generators and the
/// rest) to find every directory a Kustomize render reads, and every reference that leaves the repository.
/// Remote references (URLs, <c>github.com/…</c>) and inline patches are not local paths and are ignored; a missing
/// local file is left for Kustomize to report.
/// </summary>
internal static class KustomizationReferences
{
    /// <summary>The names Kustomize accepts for its file, in the order it looks for them.</summary>
    public static readonly IReadOnlyList<string> FileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

    // Fields whose entries are paths (files or directories).
    private static readonly string[] PathListFields =
        ["resources", "bases", "components", "crds", "configurations", "transformers", "generators", "validators", "patchesStrategicMerge"];

    // Fields whose entries are objects with a "path".
    private static readonly string[] PathObjectFields = ["patches", "patchesJson6902", "replacements"];

    private static readonly string[] GeneratorFields = ["configMapGenerator", "secretGenerator"];

    /// <summary>The kustomization file in <paramref name="directory"/>, or null when it is a plain directory.</summary>
    public static string? FindFile(string directory) =>
        FileNames.Select(name => Path.Combine(directory, name)).FirstOrDefault(File.Exists);

    /// <summary>
    /// Walks from <paramref name="directory"/> (a real path inside <paramref name="realRoot"/>) through every local
    /// reference. Returns the real paths of the directories read, and an error per reference leading out of the repository.
    /// </summary>
    public static (IReadOnlyList<string> Directories, IReadOnlyList<RenderError> Escapes) Walk(string realRoot, string directory)
    {
        var directories = new List<string>();
        var escapes = new List<RenderError>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>([directory]);
        while (pending.TryDequeue(out var current))
        {
            if (!visited.Add(current))
            {
                continue;
            }

            directories.Add(current);
            var file = FindFile(current);
            if (file is null)
            {
                continue;
            }

            foreach (var reference in LocalReferences(file))
            {
                var target = Path.GetFullPath(reference, current);
                if (!File.Exists(target) && !Directory.Exists(target))
                {
                    continue;
                }

                var real = RepositoryPaths.RealPath(target);
                if (!RepositoryPaths.IsInside(realRoot, real))
                {
                    escapes.Add(new RenderError(RepositoryPaths.Relative(realRoot, file), null,
                        $"it references {reference}, which is outside the repository; Fleet only renders files inside the repository."));
                }
                else if (Directory.Exists(real))
                {
                    pending.Enqueue(real);
                }
                else
                {
                    pending.Enqueue(Path.GetDirectoryName(real)!);
                }
            }
        }

        return (directories, escapes);
    }

    private static IEnumerable<string> LocalReferences(string kustomizationFile)
    {
        JsonObject? kustomization;
        try
        {
            kustomization = YamlSourceReader.Read(File.ReadAllText(kustomizationFile)).Documents.FirstOrDefault()?.Root as JsonObject;
        }
        catch (SourceParseException)
        {
            // Kustomize reports a broken kustomization file itself, with its own message, when the render runs.
            yield break;
        }

        if (kustomization is null)
        {
            yield break;
        }

        var candidates = new List<string?>();
        foreach (var field in PathListFields)
        {
            candidates.AddRange(Entries(kustomization[field]).Select(Text));
        }

        foreach (var field in PathObjectFields)
        {
            candidates.AddRange(Entries(kustomization[field]).Select(entry => Text(entry?["path"])));
        }

        foreach (var generator in GeneratorFields.SelectMany(field => Entries(kustomization[field])))
        {
            // Generator files may be written "key=path"; the path is what is read.
            candidates.AddRange(Entries(generator?["files"]).Select(entry => Text(entry)?.Split('=', 2)[^1]));
            candidates.AddRange(Entries(generator?["envs"]).Select(Text));
            candidates.Add(Text(generator?["env"]));
        }

        candidates.Add(Text(kustomization["openapi"]?["path"]));
        foreach (var candidate in candidates)
        {
            if (IsLocalPath(candidate))
            {
                yield return candidate!;
            }
        }
    }

    private static IEnumerable<JsonNode?> Entries(JsonNode? node) => node as JsonArray ?? [];

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    // Inline patches hold newlines; remote bases are URLs or host/path forms such as github.com/org/repo//dir?ref=v1.
    private static bool IsLocalPath(string? candidate) =>
        !string.IsNullOrWhiteSpace(candidate)
        && !candidate.Contains('\n', StringComparison.Ordinal)
        && !candidate.Contains("://", StringComparison.Ordinal)
        && !candidate.StartsWith("git@", StringComparison.Ordinal)
        && !candidate.Contains("?ref=", StringComparison.Ordinal);
}
