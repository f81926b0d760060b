using System.CommandLine;
using System.Text.Json.Nodes;
using Fleet.Cli.Api;

namespace Fleet.Cli.Commands;

/// <summary><c>fleet status</c>: the fleet at a glance, then every instance that is not Synced and Healthy, and why.</summary>
public static class StatusCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build(CommandRunner runner) => runner.Command("status",
        "The fleet summary and the instances that are not Synced and Healthy, with the reason (what is broken and why)",
        async (c, ct) =>
        {
            var fleetNode = await c.Api.GetAsync("api/v1/fleet", ct);
            var fleet = ApiClient.As<FleetView>(fleetNode);
            var rows = await InstanceRowsAsync(c.Api, ct);
            var broken = rows.Where(i => !i.IsGood).ToList();
            // The index rows do not say whether an instance is pinned (a pin is information, not a problem), so the
            // applications are asked: a pinned instance reads Synced and Healthy while Git's head is not applied.
            var pinnedByApp = await AppCommands.PinnedInstancesAsync(c.Api, rows.Select(r => r.Application).Distinct(StringComparer.Ordinal), ct);
            var pinned = pinnedByApp.OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => p.Value).ToList();
            var document = new JsonObject
            {
                ["fleet"] = fleetNode.DeepClone(),
                ["problems"] = new JsonArray([.. broken.Select(i => new JsonObject
                {
                    ["application"] = i.Application,
                    ["cluster"] = i.Cluster,
                    ["sync"] = i.Sync,
                    ["health"] = i.Health,
                    ["reason"] = i.Reason,
                    ["message"] = i.Message,
                })]),
                ["pinned"] = new JsonArray([.. pinned.Select(i => new JsonObject
                {
                    ["application"] = i.Application,
                    ["cluster"] = i.Cluster,
                    ["revision"] = i.Pin!.Revision,
                    ["reason"] = i.Pin.Reason,
                    ["by"] = i.Pin.By,
                    ["since"] = i.Pin.Since,
                })]),
            };
            c.Printer.Print(document, () =>
            {
                var n = fleet.Instances;
                c.Printer.Line($"Clusters:   {fleet.Clusters.Total} ({fleet.Clusters.Connected} connected, {fleet.Clusters.Unreachable} unreachable)");
                c.Printer.Line($"Instances:  {n.Total} ({n.Synced} synced, {n.OutOfSync} out of sync, {n.SyncUnknown} unknown)");
                c.Printer.Line($"Health:     {n.Healthy} healthy, {n.Progressing} progressing, {n.Degraded} degraded, {n.Missing} missing, {n.Suspended} suspended, {n.Unknown} unknown");
                c.Printer.Line();
                c.Printer.Line(Verdict(broken.Count, pinned.Count));
                if (broken.Count > 0)
                {
                    c.Printer.Line();
                    var table = new Output.Table("APPLICATION", "CLUSTER", "SYNC", "HEALTH", "REASON", "MESSAGE");
                    table.StatusColumns.Add(2);
                    table.StatusColumns.Add(3);
                    foreach (var i in broken)
                    {
                        table.Add(i.Application, i.Cluster, i.Sync, i.Health, i.Reason, i.Message);
                    }
                    c.Printer.Print(table);
                }
                if (pinned.Count > 0)
                {
                    c.Printer.Line();
                    var table = new Output.Table("APPLICATION", "CLUSTER", "PINNED AT", "BY", "SINCE", "REASON");
                    foreach (var i in pinned)
                    {
                        table.Add(i.Application, i.Cluster, Values.Short(i.Pin!.Revision), i.Pin.By, Values.Age(i.Pin.Since) + " ago", i.Pin.Reason);
                    }
                    c.Printer.Print(table);
                }
            });
            return ExitCodes.Success;
        });

    /// <summary>
    /// The sentence above the tables. "Every instance is Synced and Healthy" only when nothing is broken and nothing
    /// is pinned: a pinned instance is synced to its pin, not to Git.
    /// </summary>
    public static string Verdict(int broken, int pinned) => (broken, pinned) switch
    {
        (0, 0) => "Every instance is Synced and Healthy.",
        (0, _) => $"No instance is failing, but {pinned} instance(s) are pinned by a rollback and do not follow Git (fleet app unpin APP):",
        (_, 0) => $"{broken} instance(s) are not Synced and Healthy:",
        _ => $"{broken} instance(s) are not Synced and Healthy, and {pinned} are pinned by a rollback and do not follow Git (fleet app unpin APP):",
    };

    // Every row of the instance index, page by page (it answers from memory, sorted by application and cluster).
    private static async Task<List<InstanceRowView>> InstanceRowsAsync(ApiClient api, CancellationToken cancellationToken)
    {
        var rows = new List<InstanceRowView>();
        string? next = null;
        do
        {
            var path = "api/v1/instances?limit=1000" + (next is null ? "" : "&continue=" + Uri.EscapeDataString(next));
            var page = await api.GetAsync(path, cancellationToken);
            rows.AddRange(ApiClient.List<InstanceRowView>(page));
            next = page["continue"]?.GetValue<string>();
        }
        while (!string.IsNullOrEmpty(next));
        return rows;
    }
}
