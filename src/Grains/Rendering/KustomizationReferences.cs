using System.Text.Json.Nodes;
using Fleet.Engine.Projects;

namespace Fleet.Grains.Rendering;

/// <summary>
/// Follows the references of kustomization files (resources, bases, components, patches, generators and the rest) to
/// find every directory a Kustomize render reads, and refuses every reference that could reach outside the repository:
/// remote bases and <c>file://</c> URLs (unless the application's project lists them in its remote sources), absolute
/// paths and paths or links that leave the checked-out tree. A kustomization
/// this check cannot read is refused too, since Kustomize might read it differently and follow what was not checked.
/// Inline patches are not paths and are skipped; a missing local file inside the repository is left for Kustomize to report.
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
    /// reference. Returns the real paths of the directories read, and an error per reference Fleet refuses (remote
    /// and not matched by <paramref name="remoteSources"/>, outside the repository) and per kustomization file it
    /// cannot read. An allowed remote reference is left to Kustomize, which fetches it.
    /// </summary>
    public static (IReadOnlyList<string> Directories, IReadOnlyList<RenderError> Refusals) Walk(string realRoot, string directory,
        IReadOnlyList<string>? remoteSources = null)
    {
        remoteSources ??= [];
        var directories = new List<string>();
        var refusals = new List<RenderError>();
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

            var relativeFile = RepositoryPaths.Relative(realRoot, file);
            if (!RepositoryPaths.IsInside(realRoot, RepositoryPaths.RealPath(file)))
            {
                refusals.Add(new RenderError(relativeFile, null, "this kustomization file is a symbolic link that leads outside the repository; Fleet only renders files inside the repository."));
                continue;
            }

            IReadOnlyList<string> references;
            try
            {
                references = References(file);
            }
            catch (SourceParseException exception)
            {
                refusals.Add(new RenderError(relativeFile, exception.Line,
                    $"Fleet cannot check this kustomization's references, so it does not render it: {exception.Message}"));
                continue;
            }

            foreach (var reference in references)
            {
                if (IsRemote(reference, current))
                {
                    if (!remoteSources.Any(pattern => Glob.Matches(pattern, reference)))
                    {
                        refusals.Add(new RenderError(relativeFile, null, RemoteMessage(reference)));
                    }
                    continue;
                }

                if (Refuse(realRoot, current, reference) is { } reason)
                {
                    refusals.Add(new RenderError(relativeFile, null, reason));
                    continue;
                }

                var target = Path.GetFullPath(reference, current);
                if (!File.Exists(target) && !Directory.Exists(target))
                {
                    continue;
                }

                var real = RepositoryPaths.RealPath(target);
                if (!RepositoryPaths.IsInside(realRoot, real))
                {
                    refusals.Add(new RenderError(relativeFile, null, OutsideMessage(reference)));
                }
                else
                {
                    pending.Enqueue(Directory.Exists(real) ? real : Path.GetDirectoryName(real)!);
                }
            }
        }

        return (directories, refusals);
    }

    // Why a reference written in a kustomization in `directory` may not be followed, or null when it is a local path
    // that stays inside the repository as written (links along it are checked by the caller).
    private static string? Refuse(string realRoot, string directory, string reference)
    {
        if (Path.IsPathRooted(reference))
        {
            return $"it references the absolute path {reference}; write references relative to the kustomization, inside the repository.";
        }

        return RepositoryPaths.IsInside(realRoot, Path.GetFullPath(reference, directory)) ? null : OutsideMessage(reference);
    }

    // Remote bases and file:// URLs: content from outside the repository, which Kustomize fetches itself.
    private static bool IsRemote(string reference, string directory) =>
        reference.StartsWith("file:", StringComparison.OrdinalIgnoreCase) || RemoteReference.IsRemote(reference, directory);

    private static string RemoteMessage(string reference) => reference.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
        ? $"it references {reference}; file:// references read the silo's own disk and are allowed only when the application's project lists them in remoteSources."
        : $"remote bases are not allowed by the application's project: {reference}; copy what it provides into the repository, or have an admin add it to the project's remoteSources.";

    private static string OutsideMessage(string reference) =>
        $"it references {reference}, which is outside the repository; Fleet only renders files inside the repository.";

    // Every reference written in the file, local or not; inline patches excluded. Throws SourceParseException when
    // the file is not a single readable kustomization.
    private static IReadOnlyList<string> References(string kustomizationFile)
    {
        var documents = YamlSourceReader.Read(File.ReadAllText(kustomizationFile)).Documents.Where(document => document.Root is not null).ToList();
        if (documents.Count > 1)
        {
            throw new SourceParseException(documents[1].Line, "a kustomization file must hold one YAML document, not several.");
        }

        if (documents.Count == 0)
        {
            return [];
        }

        if (documents[0].Root is not JsonObject fields)
        {
            throw new SourceParseException(documents[0].Line, "a kustomization file must be a mapping of fields.");
        }

        var candidates = new List<string?>();
        foreach (var field in PathListFields)
        {
            candidates.AddRange(Fields(fields, field).SelectMany(Entries).Select(Text));
        }

        foreach (var field in PathObjectFields)
        {
            candidates.AddRange(Fields(fields, field).SelectMany(Entries).SelectMany(entry => Fields(entry, "path")).Select(Text));
        }

        foreach (var generator in GeneratorFields.SelectMany(field => Fields(fields, field)).SelectMany(Entries))
        {
            // Generator files may be written "key=path"; the path is what is read.
            candidates.AddRange(Fields(generator, "files").SelectMany(Entries).Select(entry => Text(entry)?.Split('=', 2)[^1]));
            candidates.AddRange(Fields(generator, "envs").SelectMany(Entries).Select(Text));
            candidates.AddRange(Fields(generator, "env").Select(Text));
        }

        foreach (var chart in Fields(fields, "helmCharts").SelectMany(Entries))
        {
            candidates.AddRange(Fields(chart, "valuesFile").Select(Text));
            candidates.AddRange(Fields(chart, "additionalValuesFiles").SelectMany(Entries).Select(Text));
        }

        candidates.AddRange(Fields(fields, "helmGlobals").SelectMany(globals => Fields(globals, "chartHome")).Select(Text));
        candidates.AddRange(Fields(fields, "openapi").SelectMany(openapi => Fields(openapi, "path")).Select(Text));
        return [.. candidates.Where(IsReference).Select(candidate => candidate!.Trim())];
    }

    // Kustomize decodes its file through Go's encoding/json, which matches field names case-insensitively (with Unicode
    // simple folding: "Resources", "RESOURCES" and "reſources" are all resources). Every spelling is checked.
    private static IEnumerable<JsonNode?> Fields(JsonNode? node, string name) =>
        node is JsonObject mapping
            ? mapping.Where(field => GoFieldName.Equal(field.Key, name)).Select(field => field.Value)
            : [];

    private static IEnumerable<JsonNode?> Entries(JsonNode? node) => node as JsonArray ?? [];

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    // Inline patches hold newlines or are flow mappings; everything else is something Kustomize will try to load.
    private static bool IsReference(string? candidate) =>
        !string.IsNullOrWhiteSpace(candidate)
        && !candidate.Contains('\n', StringComparison.Ordinal)
        && !candidate.TrimStart().StartsWith('{')
        && !candidate.TrimStart().StartsWith('[');
}
