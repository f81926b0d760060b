using System.CommandLine;
using Fleet.Cli.Api;
using Fleet.Cli.Output;

namespace Fleet.Cli.Commands;

/// <summary><c>fleet cluster add|list|get|rm</c>.</summary>
public static class ClusterCommands
{
    /// <summary>Builds the command group.</summary>
    public static Command Build(CommandRunner runner)
    {
        var name = new Argument<string>("name") { Description = "The cluster's name in Fleet" };
        var kubeconfig = new Option<FileInfo?>("--kubeconfig") { Description = "The kubeconfig file to read (locally); or --agent" };
        var agent = new Option<bool>("--agent")
        {
            Description = "Register the cluster in agent mode: an agent in it calls Fleet, and Fleet keeps no credential of it",
        };
        var context = new Option<string?>("--context") { Description = "The kubeconfig context (default: its current context)" };
        var labels = new Option<string[]>("--label", "-l") { Description = "A label key=value (repeatable)" };
        var add = runner.Command("add", "Register a cluster from a kubeconfig context (POST /api/v1/clusters/{name}/import), or with --agent for an agent", async (c, ct) =>
        {
            if (c.Get(agent))
            {
                if (c.Get(kubeconfig) is not null || c.Get(context) is not null)
                {
                    throw CliException.Usage("--agent takes no --kubeconfig or --context: the agent reaches its cluster itself, and Fleet keeps no credential of it");
                }
                return await AddAgentAsync(c, c.Get(name), Values.Labels("--label", c.Get(labels)), ct);
            }
            var file = c.Get(kubeconfig) ?? throw CliException.Usage("--kubeconfig is required (or --agent, for a cluster whose agent calls Fleet)");
            if (!file.Exists)
            {
                throw CliException.Usage($"--kubeconfig: {file.FullName} does not exist");
            }
            // The server refuses file references (it must not read its own disk for a caller): they are read here.
            var text = KubeconfigFiles.Inline(await File.ReadAllTextAsync(file.FullName, ct), file.DirectoryName!);
            var body = new { kubeconfig = text, context = c.Get(context), labels = Values.Labels("--label", c.Get(labels)) };
            var node = await c.Api.SendAsync(HttpMethod.Post, ApiClient.Path("api/v1/clusters", c.Get(name), "import"), body, ct);
            c.Printer.Print(node, () =>
            {
                var view = ApiClient.As<ClusterView>(node!);
                c.Printer.Line($"cluster/{view.Name} registered ({view.Server}, {view.Connectivity})");
            });
            return ExitCodes.Success;
        }, name, kubeconfig, context, labels, agent);

        var list = runner.Command("list", "List clusters", async (c, ct) =>
        {
            var node = await c.Api.GetAsync("api/v1/clusters", ct);
            c.Printer.Print(node, () => c.Printer.Print(Table(c.Printer, ApiClient.List<ClusterView>(node))));
            return ExitCodes.Success;
        });
        list.Aliases.Add("ls");

        var getName = new Argument<string>("name") { Description = "The cluster's name" };
        var get = runner.Command("get", "Show a cluster, its connectivity and its instances", async (c, ct) =>
        {
            var node = await c.Api.GetAsync(ApiClient.Path("api/v1/clusters", c.Get(getName)), ct);
            c.Printer.Print(node, () =>
            {
                var view = ApiClient.As<ClusterView>(node);
                c.Printer.Print(Table(c.Printer, [view]));
                if (view.Message is not null && !c.Printer.IsWide)
                {
                    c.Printer.Line();
                    c.Printer.Line($"{view.Reason}: {view.Message}");
                }
            });
            return ExitCodes.Success;
        }, getName);

        var rmName = new Argument<string>("name") { Description = "The cluster's name" };
        var rm = runner.Command("rm", "Unregister a cluster", async (c, ct) =>
        {
            await c.Api.SendAsync(HttpMethod.Delete, ApiClient.Path("api/v1/clusters", c.Get(rmName)), null, ct);
            c.Printer.Line($"cluster/{c.Get(rmName)} removed");
            return ExitCodes.Success;
        }, rmName);
        rm.Aliases.Add("delete");

        return CommandRunner.Group("cluster", "Register and inspect clusters", add, list, get, rm);
    }

    // Registers the cluster in agent mode and prints how to install its agent, with the bootstrap token the answer shows once.
    private static async Task<int> AddAgentAsync(CommandContext c, string name, Dictionary<string, string>? labels, CancellationToken ct)
    {
        var node = await c.Api.SendAsync(HttpMethod.Put, ApiClient.Path("api/v1/clusters", name), new { mode = "agent", labels }, ct);
        c.Printer.Print(node, () =>
        {
            var view = ApiClient.As<ClusterView>(node!);
            if (view.BootstrapToken is not { } token)
            {
                c.Printer.Line($"cluster/{name} is an agent cluster already: its labels were updated and its agent keeps its credential.");
                c.Printer.Line($"An agent that lost its credential needs a new token: POST /api/v1/clusters/{name}/bootstrap-token.");
                return;
            }
            var hub = c.Api.Server.AbsoluteUri.TrimEnd('/');
            c.Printer.Line($"cluster/{name} registered for an agent. The bootstrap token below is shown once and works once.");
            c.Printer.Line();
            c.Printer.Line("Install the agent with kubectl pointed at the cluster:");
            c.Printer.Line("  kubectl create namespace fleet-agent");
            c.Printer.Line($"  kubectl -n fleet-agent create secret generic fleet-agent-bootstrap --from-literal=FLEET_HUB={hub} \\");
            c.Printer.Line($"    --from-literal=FLEET_CLUSTER={name} --from-literal=FLEET_TOKEN={token}");
            c.Printer.Line("  kubectl apply -k deploy/agent        # or deploy/agent/namespaced for namespace-only rights");
            c.Printer.Line();
            c.Printer.Line("Or run it anywhere with a kubeconfig for that cluster:");
            c.Printer.Line($"  dotnet run --project src/Agent -- --hub {hub} --cluster {name} --token {token} --kubeconfig FILE");
        });
        return ExitCodes.Success;
    }

    private static Table Table(Printer printer, IEnumerable<ClusterView> clusters)
    {
        var table = printer.IsWide
            ? new Table("NAME", "SERVER", "CONNECTIVITY", "VERSION", "SYNCED", "HEALTHY", "LABELS", "LAST PROBE", "REASON", "MESSAGE")
            : new Table("NAME", "SERVER", "CONNECTIVITY", "VERSION", "SYNCED", "HEALTHY", "LABELS");
        table.StatusColumns.Add(2);
        foreach (var c in clusters)
        {
            // An agent cluster has no server the control plane knows: its agent calls in.
            var server = c.Mode == "Agent" ? "(agent)" : c.Server;
            table.Add(c.Name, server, c.Connectivity, c.ServerVersion, $"{c.Instances.Synced}/{c.Instances.Total}",
                $"{c.Instances.Healthy}/{c.Instances.Total}", Values.Join(c.Labels), Values.Age(c.LastProbe), c.Reason, c.Message);
        }
        return table;
    }
}
