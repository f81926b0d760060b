using System.CommandLine;
using System.Text.Json.Nodes;
using Fleet.Cli.Api;
using Fleet.Cli.Output;

namespace Fleet.Cli.Commands;

/// <summary><c>fleet app create|get|list|diff|sync|rollback|unpin|history|delete|wait</c>.</summary>
public static class AppCommands
{
    private static readonly string[] SyncWords = ["Synced", "OutOfSync", "Unknown"];
    private static readonly string[] HealthWords = ["Healthy", "Suspended", "Progressing", "Missing", "Degraded", "Unknown"];

    /// <summary>Builds the command group.</summary>
    public static Command Build(CommandRunner runner) => CommandRunner.Group("app", "Define applications, inspect, sync and roll them back",
        Create(runner), Get(runner), List(runner), Diff(runner), Sync(runner), Rollback(runner), Unpin(runner), History(runner),
        Delete(runner), Wait(runner));

    private static Argument<string> Name() => new("name") { Description = "The application's name" };

    private static string AppPath(string name, params string[] rest) => ApiClient.Path("api/v1/applications", [name, .. rest]);

    private static Command Create(CommandRunner runner)
    {
        var name = Name();
        var repo = new Option<string>("--repo") { Description = "The registered repository to read", Required = true };
        var path = new Option<string?>("--path") { Description = "The directory in a Git repository" };
        var chart = new Option<string?>("--chart") { Description = "The chart in a Helm repository (instead of --path)" };
        var revision = new Option<string?>("--revision")
        {
            Description = "Branch, tag or SHA (default: the repository's branch); for --chart a version or constraint (6.5.0, 6.5.*, ^6; default: the latest release)",
        };
        var clusters = new Option<string[]>("--cluster", "-c") { Description = "A target cluster (repeatable)" };
        var selector = new Option<string[]>("--selector", "-l") { Description = "A target label key=value; clusters matching all of them (repeatable)" };
        var ns = new Option<string?>("--namespace", "-n") { Description = "Namespace for objects that name none (default: default)" };
        var auto = new Option<bool>("--auto") { Description = "Sync automatically when Git changes" };
        var prune = new Option<bool>("--prune") { Description = "Delete objects Git no longer declares" };
        var selfHeal = new Option<bool>("--self-heal") { Description = "Undo changes made to the live objects outside Git" };
        var createNamespace = new Option<bool>("--create-namespace") { Description = "Create the --namespace before the first object (Fleet never deletes it)" };
        var project = new Option<string?>("--project") { Description = "The project whose rules bound the application (default: default)" };
        return runner.Command("create", "Create an application or replace its definition (PUT /api/v1/applications/{name})", async (c, ct) =>
        {
            if ((c.Get(path) is null) == (c.Get(chart) is null))
            {
                throw CliException.Usage("name the source with --path DIR (a Git repository) or --chart NAME (a Helm repository), not both");
            }
            var targets = c.Get(clusters) ?? [];
            var labels = Values.Labels("--selector", c.Get(selector));
            if (targets.Length == 0 && labels.Count == 0)
            {
                throw CliException.Usage("name the targets with --cluster NAME and/or --selector key=value");
            }
            var body = new
            {
                project = c.Get(project),
                repository = c.Get(repo),
                revision = c.Get(revision),
                path = c.Get(path),
                chart = c.Get(chart),
                destination = new
                {
                    clusters = targets,
                    selector = labels.Count == 0 ? null : new { matchLabels = labels },
                    @namespace = c.Get(ns),
                    createNamespace = c.Get(createNamespace),
                },
                syncPolicy = new { automated = c.Get(auto), prune = c.Get(prune), selfHeal = c.Get(selfHeal) },
            };
            var node = await c.Api.SendAsync(HttpMethod.Put, AppPath(c.Get(name)), body, ct);
            c.Printer.Print(node, () => c.Printer.Line($"application/{c.Get(name)} configured"));
            return ExitCodes.Success;
        }, name, repo, path, chart, revision, clusters, selector, ns, auto, prune, selfHeal, createNamespace, project);
    }

    private static Command Get(CommandRunner runner)
    {
        var name = Name();
        return runner.Command("get", "Show an application and the sync and health of each instance", async (c, ct) =>
        {
            var node = await c.Api.GetAsync(AppPath(c.Get(name)), ct);
            c.Printer.Print(node, () =>
            {
                var app = ApiClient.As<ApplicationView>(node);
                var spec = app.Spec;
                var targets = new List<string>();
                if (spec.Destination.Clusters.Count > 0)
                {
                    targets.Add("clusters " + string.Join(",", spec.Destination.Clusters));
                }
                if (spec.Destination.MatchLabels is { Count: > 0 } matchLabels)
                {
                    targets.Add("selector " + Values.Join(matchLabels));
                }
                var policy = new[] { (spec.SyncPolicy.Automated, "automated"), (spec.SyncPolicy.Prune, "prune"), (spec.SyncPolicy.SelfHeal, "self-heal") }
                    .Where(p => p.Item1).Select(p => p.Item2).ToList();
                c.Printer.Line($"Name:         {app.Name}");
                c.Printer.Line(spec.Chart is { } chartName
                    ? $"Source:       {spec.Repository} chart {chartName} @ {spec.Revision ?? "(latest release)"}"
                    : $"Source:       {spec.Repository} {spec.Path} @ {spec.Revision ?? "(branch head)"}");
                c.Printer.Line(spec.Destination.ControlPlane
                    ? "Destination:  the control plane (an app of apps: its documents are Fleet objects)"
                    : $"Destination:  {string.Join("; ", targets)}; namespace {spec.Destination.Namespace}");
                c.Printer.Line($"Sync policy:  {(policy.Count == 0 ? "manual" : string.Join(", ", policy))}");
                if (app.ControlPlane is { } controlPlane)
                {
                    PrintControlPlane(c, controlPlane);
                    return;
                }
                c.Printer.Line($"Instances:    {app.Counts.Total} ({app.Counts.Synced} synced, {app.Counts.Healthy} healthy)");
                c.Printer.Line();
                c.Printer.Print(InstanceTable(c.Printer, app.Instances));
                var pinned = app.Instances.Where(i => i.Pin is not null).OrderBy(i => i.Cluster, StringComparer.Ordinal).ToList();
                if (pinned.Count > 0)
                {
                    // A pin holds an instance behind Git's head until someone unpins it: say so where people look first.
                    c.Printer.Line();
                    c.Printer.Line($"Pinned (Git's head is not applied until fleet app unpin {app.Name}):");
                    foreach (var instance in pinned)
                    {
                        c.Printer.Line($"  {instance.Cluster}: {InstanceVerdicts.Describe(instance.Pin!)}");
                    }
                }
                var resources = ResourceTable(app.Instances);
                if (resources.Count > 0)
                {
                    c.Printer.Line();
                    c.Printer.Print(resources);
                }
            });
            return ExitCodes.Success;
        }, name);
    }

    private static Command List(CommandRunner runner)
    {
        var list = runner.Command("list", "List applications with their roll-up", async (c, ct) =>
        {
            var node = await c.Api.GetAsync("api/v1/applications", ct);
            var apps = ApiClient.List<ApplicationView>(node).OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
            // The list carries counts, not pins: the pins come from each application, and only for the tables (the
            // json and yaml output stay the server's document).
            var pins = c.Printer.IsMachine ? [] : await PinnedInstancesAsync(c.Api, apps.Select(a => a.Name), ct);
            c.Printer.Print(node, () =>
            {
                var table = new Table("NAME", "REPOSITORY", "PATH", "REVISION", "CLUSTERS", "SYNCED", "HEALTHY", "PINNED", "POLICY");
                foreach (var app in apps)
                {
                    var policy = app.Spec.SyncPolicy;
                    var pinned = pins.GetValueOrDefault(app.Name)?.Select(i => i.Pin!).ToList() ?? [];
                    table.Add(app.Name, app.Spec.Repository, app.Spec.Chart ?? app.Spec.Path, app.Spec.Revision ?? "-", app.Counts.Total.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        $"{app.Counts.Synced}/{app.Counts.Total}", $"{app.Counts.Healthy}/{app.Counts.Total}",
                        pinned.Count == 0 ? "-" : PinSummary(pinned, app.Counts.Total),
                        policy.Automated ? "auto" + (policy.Prune ? ",prune" : "") + (policy.SelfHeal ? ",self-heal" : "") : "manual");
                }
                c.Printer.Print(table);
            });
            return ExitCodes.Success;
        });
        list.Aliases.Add("ls");
        return list;
    }

    private static Command Diff(CommandRunner runner)
    {
        var name = Name();
        var cluster = new Option<string?>("--cluster", "-c") { Description = "Only this cluster's instance" };
        return runner.Command("diff",
            "Show the fields where live objects differ from Git; exit 0 when in sync, 1 when they differ, 7 when an instance "
            + "cannot be compared (render failed, cluster unreachable, reconcile failed, not compared yet), with the reason",
            async (c, ct) =>
            {
                var details = await InstanceDetailsAsync(c, c.Get(name), c.Get(cluster), ct);
                var document = new JsonArray();
                var (differs, unknown) = (false, false);
                foreach (var (node, instance) in details)
                {
                    var outOfSync = node["resources"]?.AsArray().Where(r => r?["sync"]?.GetValue<string>() is "OutOfSync").Select(r => r!.DeepClone()).ToArray() ?? [];
                    var entry = new JsonObject { ["cluster"] = instance.Cluster, ["sync"] = instance.Sync, ["resources"] = new JsonArray(outOfSync) };
                    if (InstanceVerdicts.WhyNotCompared(instance) is { } why)
                    {
                        unknown = true;
                        entry["compared"] = false;
                        entry["reason"] = why.Reason;
                        entry["message"] = why.Message;
                    }
                    else
                    {
                        differs |= instance.Sync == "OutOfSync" || outOfSync.Length > 0;
                    }
                    document.Add(entry);
                }
                c.Printer.Print(document, () =>
                {
                    foreach (var (_, instance) in details)
                    {
                        if (InstanceVerdicts.WhyNotCompared(instance) is { } why)
                        {
                            c.Printer.Line($"cluster {instance.Cluster}: cannot tell whether it is in sync: {InstanceVerdicts.Describe(why)}");
                            continue;
                        }
                        var resources = instance.Resources.Where(r => r.Sync == "OutOfSync").ToList();
                        if (instance.Sync != "OutOfSync" && resources.Count == 0)
                        {
                            continue;
                        }
                        c.Printer.Line($"cluster {instance.Cluster} ({instance.Sync} at {Values.Short(instance.Revision) ?? "-"}):");
                        foreach (var resource in resources)
                        {
                            c.Printer.Line($"  {resource.Identity}" + (resource.Diff.Count == 0 && resource.Message is { } m ? $": {m}" : ""));
                            foreach (var line in resource.Diff)
                            {
                                c.Printer.Line($"    {line}");
                            }
                        }
                    }
                    if (!differs && !unknown)
                    {
                        c.Printer.Line($"application/{c.Get(name)} is in sync on {details.Count} cluster(s)");
                    }
                });
                // Not knowing wins over a difference elsewhere: a script must not read "1" as "everything was compared".
                return unknown ? ExitCodes.CannotTell : differs ? ExitCodes.Failure : ExitCodes.Success;
            }, name, cluster);
    }

    private static Command Sync(CommandRunner runner)
    {
        var name = Name();
        var prune = PruneOption();
        return runner.Command("sync", "Apply Git's state on every instance now", (c, ct) =>
            ActionAsync(c, AppPath(c.Get(name), "sync"), new { prune = c.Get(prune) }, "sync requested", ct), name, prune);
    }

    private static Command Rollback(CommandRunner runner)
    {
        var name = Name();
        var revision = new Option<string>("--revision") { Description = "The earlier commit to sync to and pin: a SHA from the application's history (fleet app history) or one the repository holds; for a chart, an exact version", Required = true };
        var prune = PruneOption();
        return runner.Command("rollback", "Sync every instance to an earlier commit and pin it there until unpinned", (c, ct) =>
            ActionAsync(c, AppPath(c.Get(name), "rollback"), new { revision = c.Get(revision), prune = c.Get(prune) }, $"rolled back to {c.Get(revision)} and pinned", ct), name, revision, prune);
    }

    private static Option<bool> PruneOption() =>
        new("--prune") { Description = "Also delete objects Git no longer declares, where the sync policy does not prune" };

    private static Command Unpin(CommandRunner runner)
    {
        var name = Name();
        return runner.Command("unpin", "Release a rollback pin: follow the application's revision again", (c, ct) =>
            ActionAsync(c, AppPath(c.Get(name), "unpin"), null, "unpinned", ct), name);
    }

    private static async Task<int> ActionAsync(CommandContext c, string path, object? body, string done, CancellationToken ct)
    {
        var node = await c.Api.SendAsync(HttpMethod.Post, path, body ?? new { }, ct);
        c.Printer.Print(node, () =>
        {
            var app = ApiClient.As<ApplicationView>(node!);
            c.Printer.Line($"application/{app.Name}: {done} on {app.Instances.Count} instance(s)");
        });
        return ExitCodes.Success;
    }

    private static Command History(CommandRunner runner)
    {
        var name = Name();
        var cluster = new Option<string?>("--cluster", "-c") { Description = "Only this cluster's instance" };
        return runner.Command("history", "List the syncs of each instance, newest first", async (c, ct) =>
        {
            var details = await InstanceDetailsAsync(c, c.Get(name), c.Get(cluster), ct);
            var document = new JsonArray([.. details.Select(d => new JsonObject { ["cluster"] = d.View.Cluster, ["history"] = d.Node["history"]?.DeepClone() ?? new JsonArray() })]);
            c.Printer.Print(document, () =>
            {
                var table = c.Printer.IsWide
                    ? new Table("CLUSTER", "ID", "REVISION", "RESULT", "INITIATED BY", "STARTED", "DURATION", "APPLIED", "PRUNED", "MESSAGE")
                    : new Table("CLUSTER", "ID", "REVISION", "RESULT", "INITIATED BY", "AGE", "DURATION", "APPLIED", "PRUNED");
                table.StatusColumns.Add(3);
                foreach (var (_, instance) in details)
                {
                    foreach (var record in instance.History.OrderByDescending(h => h.Id))
                    {
                        table.Add(instance.Cluster, record.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                            c.Printer.IsWide ? record.Revision : Values.Short(record.Revision), record.Result, record.InitiatedBy,
                            c.Printer.IsWide ? record.StartedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : Values.Age(record.StartedAt),
                            Values.Format(record.FinishedAt - record.StartedAt), record.Applied.ToString(System.Globalization.CultureInfo.InvariantCulture),
                            record.Pruned.ToString(System.Globalization.CultureInfo.InvariantCulture), record.Message);
                    }
                }
                c.Printer.Print(table);
            });
            return ExitCodes.Success;
        }, name, cluster);
    }

    private static Command Delete(CommandRunner runner)
    {
        var name = Name();
        var keep = new Option<bool>("--keep-resources") { Description = "Leave the application's objects in the clusters (cascade=false)" };
        return runner.Command("delete", "Delete an application and, unless --keep-resources, its objects", async (c, ct) =>
        {
            var path = AppPath(c.Get(name)) + (c.Get(keep) ? "?cascade=false" : "");
            await c.Api.SendAsync(HttpMethod.Delete, path, null, ct);
            c.Printer.Line($"application/{c.Get(name)} deleted" + (c.Get(keep) ? " (its objects were left in the clusters)" : ""));
            return ExitCodes.Success;
        }, name, keep);
    }

    private static Command Wait(CommandRunner runner)
    {
        var name = Name();
        var health = new Option<string?>("--health") { Description = "The health every instance must reach (default Healthy when neither --health nor --sync is given)" };
        health.AcceptOnlyFromAmong(HealthWords);
        var sync = new Option<string?>("--sync") { Description = "The sync status every instance must reach (default Synced when neither is given)" };
        sync.AcceptOnlyFromAmong(SyncWords);
        var timeout = new Option<string>("--timeout") { Description = "How long to wait: 30s, 5m, 1h", DefaultValueFactory = _ => "5m" };
        var interval = new Option<string>("--interval") { Description = "How often to ask the server", DefaultValueFactory = _ => "1s" };
        return runner.Command("wait",
            "Wait until every instance has the wanted health and sync; exit 1 as soon as an instance reports a failure waiting "
            + "will not fix (Degraded, RenderFailed, SyncFailed, ReconcileFailed), naming the instance and why; exit 5 on timeout "
            + "(printing what is missing and why; an unreachable cluster is retried by Fleet, so it is waited for)",
            async (c, ct) =>
            {
                var (wantHealth, wantSync) = (c.Get(health), c.Get(sync));
                if (wantHealth is null && wantSync is null)
                {
                    (wantHealth, wantSync) = ("Healthy", "Synced");
                }
                var limit = Values.Duration("--timeout", c.Get(timeout)!);
                var every = Values.Duration("--interval", c.Get(interval)!);
                var deadline = DateTimeOffset.UtcNow + limit;
                while (true)
                {
                    var node = await c.Api.GetAsync(AppPath(c.Get(name)), ct);
                    var app = ApiClient.As<ApplicationView>(node);
                    var missing = app.Instances.Where(i => (wantHealth is not null && i.Health != wantHealth) || (wantSync is not null && i.Sync != wantSync)).ToList();
                    if (app.Instances.Count > 0 && missing.Count == 0)
                    {
                        c.Printer.Print(node, () => c.Printer.Line($"application/{app.Name}: all {app.Instances.Count} instance(s) are {string.Join(" and ", new[] { wantSync, wantHealth }.OfType<string>())}"));
                        return ExitCodes.Success;
                    }
                    if (missing.Select(i => (Instance: i, Why: InstanceVerdicts.WhyStuck(i))).FirstOrDefault(s => s.Why is not null) is { Why: { } why } stuck)
                    {
                        throw new CliException(ExitCodes.Failure,
                            $"application/{app.Name} on {stuck.Instance.Cluster} failed: {InstanceVerdicts.Describe(why)}; waiting will not fix it without a change in Git or in the cluster");
                    }
                    if (wantHealth is not null and not "Degraded" && missing.FirstOrDefault(i => i.Health == "Degraded") is { } degraded)
                    {
                        throw new CliException(ExitCodes.Failure, $"application/{app.Name} on {degraded.Cluster} is Degraded{Why(degraded)}; it will not become {wantHealth} without a change");
                    }
                    var remaining = deadline - DateTimeOffset.UtcNow;
                    if (remaining <= TimeSpan.Zero)
                    {
                        var what = app.Instances.Count == 0
                            ? "the application has no instances yet"
                            : string.Join("; ", missing.Select(i => $"{i.Cluster}: {Describe(i, wantSync, wantHealth)}{Why(i)}"));
                        throw new CliException(ExitCodes.Timeout, $"timed out after {Values.Format(limit)} waiting for application/{app.Name}: {what}");
                    }
                    await Task.Delay(every < remaining ? every : remaining, ct);
                }
            }, name, health, sync, timeout, interval);
    }

    private static string Describe(InstanceView instance, string? wantSync, string? wantHealth)
    {
        var parts = new List<string>();
        if (wantSync is not null && instance.Sync != wantSync)
        {
            parts.Add($"sync {instance.Sync} (want {wantSync})");
        }
        if (wantHealth is not null && instance.Health != wantHealth)
        {
            parts.Add($"health {instance.Health} (want {wantHealth})");
        }
        return string.Join(", ", parts);
    }

    private static string Why(InstanceView instance) => instance.FirstProblem is { } problem ? $" - {problem.Reason}: {problem.Message}" : "";

    /// <summary>"2/3 at 3f2c1ab by alice": how many instances are pinned, where and by whom.</summary>
    public static string PinSummary(IReadOnlyList<PinView> pins, int total)
    {
        var revisions = string.Join(",", pins.Select(p => Values.Short(p.Revision)).Distinct(StringComparer.Ordinal));
        var by = string.Join(",", pins.Select(p => p.By).Where(b => !string.IsNullOrEmpty(b)).Distinct(StringComparer.Ordinal));
        return $"{pins.Count}/{total} at {revisions}" + (by.Length == 0 ? "" : $" by {by}");
    }

    /// <summary>The pinned instances of the named applications (those with none are left out), read a few at a time.</summary>
    public static async Task<Dictionary<string, List<InstanceView>>> PinnedInstancesAsync(ApiClient api, IEnumerable<string> applications, CancellationToken ct)
    {
        var pins = new System.Collections.Concurrent.ConcurrentDictionary<string, List<InstanceView>>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(applications, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (name, token) =>
        {
            ApplicationView app;
            try
            {
                app = ApiClient.As<ApplicationView>(await api.GetAsync(AppPath(name), token));
            }
            catch (CliException e) when (e.ExitCode == ExitCodes.NotFound)
            {
                return; // Deleted since the list was read.
            }
            var held = app.Instances.Where(i => i.Pin is not null).OrderBy(i => i.Cluster, StringComparer.Ordinal).ToList();
            if (held.Count > 0)
            {
                pins[name] = held;
            }
        });
        return new Dictionary<string, List<InstanceView>>(pins, StringComparer.Ordinal);
    }

    /// <summary>The instances of an application (or one of them) read in full: resources with diff, history.</summary>
    private static async Task<List<(JsonNode Node, InstanceView View)>> InstanceDetailsAsync(CommandContext c, string name, string? cluster, CancellationToken ct)
    {
        var app = ApiClient.As<ApplicationView>(await c.Api.GetAsync(AppPath(name), ct));
        var clusters = app.Instances.Select(i => i.Cluster).Where(x => cluster is null || x == cluster).Order(StringComparer.Ordinal).ToList();
        if (cluster is not null && clusters.Count == 0)
        {
            throw new CliException(ExitCodes.NotFound, $"application/{name} has no instance on cluster \"{cluster}\"");
        }
        var nodes = await Task.WhenAll(clusters.Select(x => c.Api.GetAsync(AppPath(name, "clusters", x), ct)));
        return [.. nodes.Select(n => (n, ApiClient.As<InstanceView>(n)))];
    }

    /// <summary>Every object of the instances: kind, namespace/name, sync, health and why it is not fine.</summary>
    public static Table ResourceTable(IEnumerable<InstanceView> instances)
    {
        var table = new Table("CLUSTER", "KIND", "NAME", "SYNC", "HEALTH", "REASON", "MESSAGE");
        table.StatusColumns.Add(3);
        table.StatusColumns.Add(4);
        foreach (var instance in instances.OrderBy(i => i.Cluster, StringComparer.Ordinal))
        {
            foreach (var r in instance.Resources)
            {
                var fine = r.Sync == "Synced" && r.Health == "Healthy";
                table.Add(instance.Cluster, r.Kind, r.Namespace is null ? r.Name : $"{r.Namespace}/{r.Name}", r.Sync, r.Health,
                    fine ? "" : r.Reason ?? "", fine ? "" : r.Message ?? "");
            }
        }
        return table;
    }

    /// <summary>The instances of applications as a table; wide adds the message, the pin and the last reconcile.</summary>
    // An app of apps has no instances: its rows are the Fleet objects it writes, and its conditions say what stopped it.
    private static void PrintControlPlane(CommandContext c, ControlPlaneView status)
    {
        c.Printer.Line($"Revision:     {Values.Short(status.Revision) ?? "(none applied yet)"}");
        c.Printer.Line($"Status:       {status.Sync}, {status.Health}");
        foreach (var condition in status.Conditions.Where(condition => condition.IsProblem))
        {
            c.Printer.Line($"Condition:    {condition.Type} ({condition.Reason}): {condition.Message}");
        }
        c.Printer.Line();
        var table = new Table("KIND", "NAME", "SYNC", "HEALTH", "SOURCE", "MESSAGE");
        table.StatusColumns.Add(2);
        table.StatusColumns.Add(3);
        foreach (var resource in status.Resources)
        {
            table.Add([resource.Kind, resource.Name, resource.Sync, resource.Health, resource.Source ?? "", resource.Message ?? ""]);
        }
        c.Printer.Print(table);
    }

    public static Table InstanceTable(Printer printer, IEnumerable<InstanceView> instances, bool withApplication = false)
    {
        var headers = new List<string>();
        if (withApplication)
        {
            headers.Add("APPLICATION");
        }
        headers.AddRange(["CLUSTER", "REVISION", "SYNC", "HEALTH", "REASON"]);
        if (printer.IsWide)
        {
            headers.AddRange(["PINNED", "RECONCILED", "MESSAGE"]);
        }
        var table = new Table([.. headers]);
        var offset = withApplication ? 1 : 0;
        table.StatusColumns.Add(offset + 2);
        table.StatusColumns.Add(offset + 3);
        foreach (var i in instances)
        {
            var problem = i.FirstProblem;
            var cells = new List<string?>();
            if (withApplication)
            {
                cells.Add(i.Application);
            }
            cells.AddRange([i.Cluster, printer.IsWide ? i.Revision : Values.Short(i.Revision), i.Sync, i.Health, problem?.Reason ?? (i.IsGood ? "" : "-")]);
            if (printer.IsWide)
            {
                cells.AddRange([Values.Short(i.Pin?.Revision), Values.Age(i.LastReconciled), problem?.Message ?? ""]);
            }
            table.Add([.. cells]);
        }
        return table;
    }
}
