using System.Text.Json.Nodes;
using Fleet.Engine.Documents;
using Fleet.Kubernetes.Yaml;

namespace Fleet.Cli.Documents;

/// <summary>One <c>fleet.dev/v1</c> document read from a file, with where it was found.</summary>
public sealed record FleetDocument(DocumentKind Kind, string Name, JsonObject Body, string Source, int Line)
{
    /// <summary><c>application/guestbook</c>, as the apply summary names objects.</summary>
    public string Display => $"{Kind.Kind.ToLowerInvariant()}/{Name}";

    /// <summary>The API path of the object.</summary>
    public string ApiPath => Api.ApiClient.Path("api/v1/" + Kind.Collection, Name);
}

/// <summary>
/// Reads <c>fleet.dev/v1</c> documents from files, folders (recursively: <c>.yaml</c>, <c>.yml</c>, <c>.json</c>) or
/// standard input, and checks each before anything is sent: a file with anything else in it is a usage error naming
/// the file and line, so a typo never applies half of a folder.
/// </summary>
public static class FleetDocuments
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    /// <summary>The documents of <paramref name="paths"/> (<c>-</c> reads <paramref name="standardInput"/>), in apply order.</summary>
    public static IReadOnlyList<FleetDocument> Read(IEnumerable<string> paths, Func<TextReader> standardInput)
    {
        var documents = new List<FleetDocument>();
        foreach (var path in paths)
        {
            if (path == "-")
            {
                documents.AddRange(Parse(standardInput().ReadToEnd(), "(stdin)"));
            }
            else if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(file => Extensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal))
                {
                    documents.AddRange(Parse(File.ReadAllText(file), file));
                }
            }
            else if (File.Exists(path))
            {
                documents.AddRange(Parse(File.ReadAllText(path), path));
            }
            else
            {
                throw CliException.Usage($"-f: {path} is neither a file nor a folder");
            }
        }
        var twice = documents.GroupBy(d => d.Display).FirstOrDefault(group => group.Count() > 1);
        if (twice is not null)
        {
            throw CliException.Usage($"{twice.Key} is defined twice: {string.Join(" and ", twice.Select(d => $"{d.Source}:{d.Line}"))}");
        }
        // Stable: within a kind, the order of the files.
        return [.. documents.OrderBy(d => d.Kind.ApplyOrder)];
    }

    /// <summary>The documents of one YAML (or JSON) text.</summary>
    public static IReadOnlyList<FleetDocument> Parse(string text, string source)
    {
        YamlDocuments parsed;
        try
        {
            parsed = YamlReader.Read(text);
        }
        catch (YamlReadException exception)
        {
            throw CliException.Usage($"{source}:{exception.Line}: {exception.Message}");
        }
        var documents = new List<FleetDocument>();
        foreach (var document in parsed.Documents.Where(d => d.Root is not null))
        {
            documents.Add(Check(document.Root!, source, document.Line));
        }
        return documents;
    }

    private static FleetDocument Check(JsonNode root, string source, int line)
    {
        string Where() => $"{source}:{line}";
        if (root is not JsonObject body || Text(body["apiVersion"]) != DocumentKinds.ApiVersion)
        {
            throw CliException.Usage($"{Where()}: not a {DocumentKinds.ApiVersion} document (apiVersion: {DocumentKinds.ApiVersion}, kind, metadata.name, spec)");
        }
        var kindName = Text(body["kind"]);
        var kind = DocumentKinds.Named(kindName ?? "")
            ?? throw CliException.Usage($"{Where()}: kind \"{kindName}\" is not one of {string.Join(", ", DocumentKinds.All.Select(k => k.Kind))}");
        var name = body["metadata"] is JsonObject metadata ? Text(metadata["name"]) : null;
        if (string.IsNullOrEmpty(name))
        {
            throw CliException.Usage($"{Where()}: metadata.name is required");
        }
        if (body["spec"] is not JsonObject)
        {
            throw CliException.Usage($"{Where()}: {kind.Kind.ToLowerInvariant()}/{name} has no spec");
        }
        return new FleetDocument(kind, name, body, source, line);
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
