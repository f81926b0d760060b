using System.CommandLine;
using Fleet.Cli.Documents;
using Fleet.Engine.Documents;

namespace Fleet.Cli.Commands;

/// <summary>
/// <c>fleet apply -f FILE|DIR|- [--dry-run]</c>: sends <c>fleet.dev/v1</c> documents to the API in dependency order
/// (projects, repositories, clusters, notification sinks, image automation, applications) and says of each whether it was created,
/// changed or already as written. Every document is read and checked before the first is sent.
/// </summary>
public static class ApplyCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build(CommandRunner runner)
    {
        var files = new Option<string[]>("--filename", "-f")
        {
            Description = "A file or folder of fleet.dev/v1 documents (YAML or JSON, multi-document, folders recursively), or - for standard input (repeatable)",
            Required = true,
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Say what would be created or changed, and change nothing" };
        return runner.Command("apply", "Create or update Fleet objects from fleet.dev/v1 documents", async (c, ct) =>
        {
            var documents = FleetDocuments.Read(c.Get(files) ?? [], () => Console.In);
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            var failed = 0;
            foreach (var document in documents)
            {
                try
                {
                    var outcome = await ApplyAsync(c, document, c.Get(dryRun), ct);
                    counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
                    c.Printer.Line($"{document.Display} {outcome}{(c.Get(dryRun) && outcome != "unchanged" ? " (dry run)" : "")}");
                }
                catch (CliException e) when (e.ExitCode is ExitCodes.Failure or ExitCodes.NotFound or ExitCodes.NotAuthorized)
                {
                    // One refused object does not stop the others, as with kubectl apply; the exit code says it.
                    failed++;
                    c.Error.WriteLine($"{document.Display} ({document.Source}:{document.Line}): {e.Message}");
                }
            }
            var summary = string.Join(", ", new[] { "created", "configured", "unchanged" }.Select(word => $"{counts.GetValueOrDefault(word)} {word}"));
            c.Printer.Line(failed > 0 ? $"{summary}, {failed} failed" : summary);
            return failed > 0 ? ExitCodes.Failure : ExitCodes.Success;
        }, files, dryRun);
    }

    private static async Task<string> ApplyAsync(CommandContext c, FleetDocument document, bool dryRun, CancellationToken ct)
    {
        System.Text.Json.Nodes.JsonNode? current;
        try
        {
            current = await c.Api.GetAsync(document.ApiPath, ct);
        }
        catch (CliException e) when (e.ExitCode == ExitCodes.NotFound)
        {
            current = null;
        }
        var outcome = current is null ? "created"
            : SpecComparison.IsUnchanged(document.Kind, document.Body["spec"]!.AsObject(), current, await SecretReferencesAsync(c, document.Kind, document.Name, ct)) ? "unchanged"
            : "configured";
        if (!dryRun && outcome != "unchanged")
        {
            // The document itself is the body: the server checks its kind and name against the URL.
            await c.Api.SendAsync(HttpMethod.Put, document.ApiPath, document.Body, ct);
        }
        return outcome;
    }

    /// <summary>The secret references <paramref name="name"/> was written with (<c>{passwordFrom: {...}}</c>); null for a kind without secrets.</summary>
    public static async Task<System.Text.Json.Nodes.JsonObject?> SecretReferencesAsync(CommandContext c, Engine.Documents.DocumentKind kind, string name, CancellationToken ct) =>
        kind.Secrets.Count == 0 ? null
            : (await c.Api.GetAsync(Api.ApiClient.Path("api/v1/metadata/" + kind.Collection, name), ct))["secretReferences"] as System.Text.Json.Nodes.JsonObject;
}
