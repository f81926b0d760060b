using System.CommandLine;
using Fleet.Engine.Documents;

namespace Fleet.Cli.Commands;

/// <summary>
/// <c>fleet bootstrap --repo URL --path PATH [--branch B] [--name N]</c>: registers a repository and an app of apps
/// on it whose destination is Fleet itself, so that the control plane builds itself from the documents at PATH.
/// Running it again changes nothing that is already so.
/// </summary>
public static class BootstrapCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build(CommandRunner runner)
    {
        var repo = new Option<string>("--repo") { Description = "The Git remote that holds Fleet's configuration", Required = true };
        var path = new Option<string>("--path") { Description = "The folder of fleet.dev/v1 documents in it", Required = true };
        var branch = new Option<string?>("--branch") { Description = "The branch to follow (default: main)" };
        var name = new Option<string?>("--name") { Description = $"The name of the repository and of the app of apps (default: {BootstrapDocuments.DefaultName})" };
        return runner.Command("bootstrap", "Register a repository and an app of apps that builds Fleet's configuration from it", async (c, ct) =>
        {
            var objectName = c.Get(name) ?? BootstrapDocuments.DefaultName;
            await c.Api.SendAsync(HttpMethod.Put, Api.ApiClient.Path("api/v1/repositories", objectName),
                BootstrapDocuments.Repository(c.Get(repo)!, c.Get(branch)), ct);
            await c.Api.SendAsync(HttpMethod.Put, Api.ApiClient.Path("api/v1/applications", objectName),
                BootstrapDocuments.Application(objectName, c.Get(path)!), ct);
            c.Printer.Line($"repository/{objectName} and application/{objectName} registered: Fleet now follows {c.Get(repo)} {c.Get(path)}");
            c.Printer.Line($"watch it with: fleet app get {objectName}");
            return ExitCodes.Success;
        }, repo, path, branch, name);
    }
}
