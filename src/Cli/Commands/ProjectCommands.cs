using System.CommandLine;
using Fleet.Cli.Api;

namespace Fleet.Cli.Commands;

/// <summary><c>fleet project add|list|get|rm</c>.</summary>
public static class ProjectCommands
{
    /// <summary>Builds the command group.</summary>
    public static Command Build(CommandRunner runner)
    {
        var name = new Argument<string>("name") { Description = "The project's name" };
        var description = new Option<string?>("--description") { Description = "What the project is for" };
        var repos = new Option<string[]>("--source-repo") { Description = "A repository name or glob its applications may deploy from (repeatable)" };
        var destinations = new Option<string[]>("--destination")
        {
            Description = "CLUSTER:NAMESPACE globs its applications may deploy to, e.g. '*:shop-*' (repeatable)",
        };
        var selected = new Option<string[]>("--destination-selector")
        {
            Description = "key=value[,key=value]:NAMESPACE: clusters with these labels, and a namespace glob (repeatable)",
        };
        var clusterResources = new Option<string[]>("--cluster-resource")
        {
            Description = "A cluster-scoped GROUP/KIND its applications may create, e.g. /Namespace or rbac.authorization.k8s.io/ClusterRole (repeatable; none by default)",
        };
        var denied = new Option<string[]>("--deny-kind") { Description = "A namespaced GROUP/KIND its applications may not create (repeatable)" };
        var remotes = new Option<string[]>("--remote-source")
        {
            Description = "A remote Kustomize base its applications may render, as kustomizations write it, or a glob, e.g. 'https://github.com/acme/platform//*' (repeatable; none by default)",
        };
        var add = runner.Command("add", "Create a project or replace its rules (PUT /api/v1/projects/{name})", async (c, ct) =>
        {
            var body = new
            {
                description = c.Get(description),
                sourceRepositories = c.Get(repos) ?? [],
                destinations = (c.Get(destinations) ?? []).Select(d => Destination("--destination", d, byLabels: false))
                    .Concat((c.Get(selected) ?? []).Select(d => Destination("--destination-selector", d, byLabels: true))).ToList(),
                clusterResources = (c.Get(clusterResources) ?? []).Select(k => Kind("--cluster-resource", k)).ToList(),
                namespaceResourcesDenied = (c.Get(denied) ?? []).Select(k => Kind("--deny-kind", k)).ToList(),
                remoteSources = c.Get(remotes) ?? [],
            };
            var node = await c.Api.SendAsync(HttpMethod.Put, ApiClient.Path("api/v1/projects", c.Get(name)), body, ct);
            c.Printer.Print(node, () => c.Printer.Line($"project/{c.Get(name)} configured"));
            return ExitCodes.Success;
        }, name, description, repos, destinations, selected, clusterResources, denied, remotes);

        var list = runner.Command("list", "List projects", async (c, ct) =>
        {
            var node = await c.Api.GetAsync("api/v1/projects", ct);
            c.Printer.Print(node, () => Print(c, ApiClient.List<ProjectView>(node)));
            return ExitCodes.Success;
        });
        list.Aliases.Add("ls");

        var getName = new Argument<string>("name") { Description = "The project's name" };
        var get = runner.Command("get", "Show a project's rules and applications", async (c, ct) =>
        {
            var node = await c.Api.GetAsync(ApiClient.Path("api/v1/projects", c.Get(getName)), ct);
            c.Printer.Print(node, () => Print(c, [ApiClient.As<ProjectView>(node)]));
            return ExitCodes.Success;
        }, getName);

        var rmName = new Argument<string>("name") { Description = "The project's name" };
        var rm = runner.Command("rm", "Delete a project (refused while applications name it)", async (c, ct) =>
        {
            await c.Api.SendAsync(HttpMethod.Delete, ApiClient.Path("api/v1/projects", c.Get(rmName)), null, ct);
            c.Printer.Line($"project/{c.Get(rmName)} removed");
            return ExitCodes.Success;
        }, rmName);
        rm.Aliases.Add("delete");

        return CommandRunner.Group("project", "Define what applications may touch: repositories, destinations, kinds", add, list, get, rm);
    }

    // "CLUSTER:NAMESPACE", or with labels "key=value,key=value:NAMESPACE"; the namespace follows the last colon.
    private static object Destination(string flag, string text, bool byLabels)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            throw CliException.Usage($"{flag}: \"{text}\" must be {(byLabels ? "key=value[,key=value]" : "CLUSTER")}:NAMESPACE");
        }
        var clusters = text[..colon];
        var ns = text[(colon + 1)..];
        return byLabels
            ? new { selector = new { matchLabels = Values.Labels(flag, clusters.Split(',')) }, @namespace = ns }
            : new { cluster = clusters, @namespace = ns };
    }

    // "GROUP/KIND"; a kind alone, or "/KIND", is of the core group.
    private static object Kind(string flag, string text)
    {
        var slash = text.LastIndexOf('/');
        var kind = text[(slash + 1)..];
        if (kind.Length == 0)
        {
            throw CliException.Usage($"{flag}: \"{text}\" must be GROUP/KIND (the core group is written /KIND)");
        }
        return new { group = slash < 0 ? "" : text[..slash], kind };
    }

    private static void Print(CommandContext c, IEnumerable<ProjectView> projects)
    {
        var table = c.Printer.IsWide
            ? new Output.Table("NAME", "REPOSITORIES", "DESTINATIONS", "CLUSTER RESOURCES", "DENIED KINDS", "APPLICATIONS", "REMOTE SOURCES", "DESCRIPTION")
            : new Output.Table("NAME", "REPOSITORIES", "DESTINATIONS", "CLUSTER RESOURCES", "DENIED KINDS", "APPLICATIONS");
        foreach (var p in projects)
        {
            var applications = p.Applications.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            table.Add(p.Name, Join(p.Spec.SourceRepositories), Join(p.Spec.Destinations), Join(p.Spec.ClusterResources),
                Join(p.Spec.NamespaceResourcesDenied), applications, Join(p.Spec.RemoteSources), p.Spec.Description);
        }
        c.Printer.Print(table);
    }

    private static string Join<T>(IEnumerable<T> items) => items.Any() ? string.Join(",", items) : "-";
}
