using System.CommandLine;
using Fleet.Cli.Api;

namespace Fleet.Cli.Commands;

/// <summary><c>fleet repo add|list|get|refresh|rm</c>.</summary>
public static class RepoCommands
{
    /// <summary>Builds the command group.</summary>
    public static Command Build(CommandRunner runner)
    {
        var name = new Argument<string>("name") { Description = "The repository's name in Fleet" };
        var url = new Option<string>("--url")
        {
            Description = "The Git remote (https://, ssh://, git://, file:// or a local path); for --type helm a Helm repository's http(s):// URL or an oci://host[:port]/path registry",
            Required = true,
        };
        var type = new Option<string?>("--type") { Description = "git (default) or helm" };
        type.AcceptOnlyFromAmong("git", "helm");
        var insecure = new Option<bool>("--insecure") { Description = "Plain HTTP to an oci:// registry (a registry on loopback)" };
        var branch = new Option<string?>("--branch") { Description = "The branch to follow (default: main)" };
        var poll = new Option<int?>("--poll-interval") { Description = "Seconds between checks of the remote (5 to 86400, default 30)" };
        var username = new Option<string?>("--username") { Description = "User name for an https remote" };
        var passwordFile = new Option<FileInfo?>("--password-file") { Description = "A file holding the password or access token (kept off the command line)" };
        var add = runner.Command("add", "Register a Git or Helm repository or replace its settings (PUT /api/v1/repositories/{name})", async (c, ct) =>
        {
            string? password = null;
            if (c.Get(passwordFile) is { } file)
            {
                if (!file.Exists)
                {
                    throw CliException.Usage($"--password-file: {file.FullName} does not exist");
                }
                password = (await File.ReadAllTextAsync(file.FullName, ct)).TrimEnd('\r', '\n');
            }
            var body = new
            {
                url = c.Get(url),
                branch = c.Get(branch),
                pollIntervalSeconds = c.Get(poll),
                username = c.Get(username),
                password,
                type = c.Get(type),
                insecure = c.Get(insecure) ? true : (bool?)null,
            };
            var node = await c.Api.SendAsync(HttpMethod.Put, ApiClient.Path("api/v1/repositories", c.Get(name)), body, ct);
            c.Printer.Print(node, () =>
            {
                var view = ApiClient.As<RepositoryView>(node!);
                c.Printer.Line(view.Type == "helm"
                    ? $"repository/{view.Name} registered (helm {view.Url}, {view.Charts?.Count ?? 0} charts)"
                    : $"repository/{view.Name} registered ({view.Url} {view.Branch} at {Values.Short(view.Revision) ?? "no revision yet"})");
            });
            return ExitCodes.Success;
        }, name, url, branch, poll, username, passwordFile, type, insecure);

        var list = runner.Command("list", "List repositories", async (c, ct) =>
        {
            var node = await c.Api.GetAsync("api/v1/repositories", ct);
            c.Printer.Print(node, () => Print(c, ApiClient.List<RepositoryView>(node)));
            return ExitCodes.Success;
        });
        list.Aliases.Add("ls");

        var getName = new Argument<string>("name") { Description = "The repository's name" };
        var get = runner.Command("get", "Show a repository and its last fetched revision", async (c, ct) =>
        {
            var node = await c.Api.GetAsync(ApiClient.Path("api/v1/repositories", c.Get(getName)), ct);
            c.Printer.Print(node, () => Print(c, [ApiClient.As<RepositoryView>(node)]));
            return ExitCodes.Success;
        }, getName);

        var refreshName = new Argument<string>("name") { Description = "The repository's name" };
        var refresh = runner.Command("refresh", "Check the remote now instead of waiting for the next poll", async (c, ct) =>
        {
            var node = await c.Api.SendAsync(HttpMethod.Post, ApiClient.Path("api/v1/repositories", c.Get(refreshName), "refresh"), null, ct);
            c.Printer.Print(node, () => Print(c, [ApiClient.As<RepositoryView>(node!)]));
            return ExitCodes.Success;
        }, refreshName);

        var rmName = new Argument<string>("name") { Description = "The repository's name" };
        var rm = runner.Command("rm", "Unregister a repository", async (c, ct) =>
        {
            await c.Api.SendAsync(HttpMethod.Delete, ApiClient.Path("api/v1/repositories", c.Get(rmName)), null, ct);
            c.Printer.Line($"repository/{c.Get(rmName)} removed");
            return ExitCodes.Success;
        }, rmName);
        rm.Aliases.Add("delete");

        return CommandRunner.Group("repo", "Register and inspect Git and Helm repositories", add, list, get, refresh, rm);
    }

    private static void Print(CommandContext c, IEnumerable<RepositoryView> repositories)
    {
        var table = c.Printer.IsWide
            ? new Output.Table("NAME", "URL", "BRANCH", "REVISION", "READY", "LAST FETCH", "POLL", "MESSAGE")
            : new Output.Table("NAME", "URL", "BRANCH", "REVISION", "READY", "LAST FETCH");
        table.StatusColumns.Add(4);
        foreach (var r in repositories)
        {
            var ready = r.Conditions.FirstOrDefault(x => x.Type == "Ready");
            // A Helm repository has no branch; its revision is the fingerprint of its index.
            table.Add(r.Name, r.Url, r.Type == "helm" ? "(helm)" : r.Branch, c.Printer.IsWide ? r.Revision : Values.Short(r.Revision), ready?.Status ?? "Unknown",
                Values.Age(r.LastFetch), $"{r.PollIntervalSeconds}s", ready?.Message);
        }
        c.Printer.Print(table);
    }
}
