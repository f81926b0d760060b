using System.Text.Json.Nodes;

namespace Fleet.Engine.Documents;

/// <summary>
/// What bootstrapping a control plane writes: a repository and an app of apps on it whose destination is Fleet
/// itself, so that everything else Fleet knows comes from that path in Git. One definition for <c>fleet bootstrap</c>
/// and the silo's <c>Fleet:Bootstrap</c> setting.
/// </summary>
public static class BootstrapDocuments
{
    /// <summary>The name of the repository and of the application when none is given.</summary>
    public const string DefaultName = "fleet";

    /// <summary>The body of the repository's PUT.</summary>
    public static JsonObject Repository(string url, string? branch) => new()
    {
        ["url"] = url,
        ["branch"] = string.IsNullOrWhiteSpace(branch) ? "main" : branch,
    };

    /// <summary>
    /// The body of the app of apps' PUT: automated, pruning and self-healing, so that Git alone says what Fleet holds.
    /// </summary>
    public static JsonObject Application(string repository, string path) => new()
    {
        ["repository"] = repository,
        ["path"] = path,
        ["destination"] = new JsonObject { ["controlPlane"] = true },
        ["syncPolicy"] = new JsonObject { ["automated"] = true, ["prune"] = true, ["selfHeal"] = true },
    };
}
