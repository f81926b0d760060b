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
            var broken = (await InstanceRowsAsync(c.Api, ct)).Where(i => !i.IsGood).ToList();
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
            };
            c.Printer.Print(document, () =>
            {
                var n = fleet.Instances;
                c.Printer.Line($"Clusters:   {fleet.Clusters.Total} ({fleet.Clusters.Connected} connected, {fleet.Clusters.Unreachable} unreachable)");
                c.Printer.Line($"Instances:  {n.Total} ({n.Synced} synced, {n.OutOfSync} out of sync, {n.SyncUnknown} unknown)");
                c.Printer.Line($"Health:     {n.Healthy} healthy, {n.Progressing} progressing, {n.Degraded} degraded, {n.Missing} missing, {n.Suspended} suspended, {n.Unknown} unknown");
                c.Printer.Line();
                if (broken.Count == 0)
                {
                    c.Printer.Line("Every instance is Synced and Healthy.");
                    return;
                }
                var table = new Output.Table("APPLICATION", "CLUSTER", "SYNC", "HEALTH", "REASON", "MESSAGE");
                table.StatusColumns.Add(2);
                table.StatusColumns.Add(3);
                foreach (var i in broken)
                {
                    table.Add(i.Application, i.Cluster, i.Sync, i.Health, i.Reason, i.Message);
                }
                c.Printer.Print(table);
            });
            return ExitCodes.Success;
        });

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
