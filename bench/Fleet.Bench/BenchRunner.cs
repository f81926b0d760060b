using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text;
using Fleet.Bench.Scenarios;

namespace Fleet.Bench;

/// <summary>Runs a plan's scenarios and writes the results as a markdown table and JSON.</summary>
public static class BenchRunner
{
    public static string Machine =>
        $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024.0):F0} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";

    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchPlan plan, TextWriter log)
    {
        log.WriteLine($"machine: {Machine}");
        var figures = new List<Figure>();
        foreach (var clusters in plan.ConvergeSizes)
        {
            var plain = await GuardAsync("commit-to-converged", $"{clusters} clusters", () => CommitToConverged.RunAsync(clusters, plan.Rounds, log), log);
            figures.AddRange(plain);
            if (plan.Helm && plain[0].Value is var plainSeconds && double.IsFinite(plainSeconds))
            {
                figures.AddRange(await GuardAsync("commit-to-converged", $"{clusters} clusters, Helm chart",
                    () => CommitToConverged.RunChartAsync(clusters, plan.Rounds, plainSeconds, log), log));
            }
        }
        if (plan.SteadyClusters > 0)
        {
            figures.AddRange(await GuardAsync("steady-fleet", $"{plan.SteadyClusters} x {plan.SteadyApplications}",
                () => SteadyFleet.RunAsync(plan.SteadyClusters, plan.SteadyApplications, plan.RestWindow, log), log));
        }
        if (plan.BrowserClusters > 0)
        {
            figures.AddRange(await GuardAsync("browser", $"{plan.BrowserClusters} x {plan.BrowserApplications}",
                () => BrowserOverview.RunAsync(plan.BrowserClusters, plan.BrowserApplications, log), log));
        }
        await WriteAsync(plan, figures);
        return figures;
    }

    // A scenario that fails is reported as such (value NaN, target missed) and the others still run: a long run
    // should not lose every figure to one scenario.
    private static async Task<IReadOnlyList<Figure>> GuardAsync(string scenario, string size, Func<Task<IReadOnlyList<Figure>>> run, TextWriter log)
    {
        try
        {
            return await run();
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or HttpRequestException or Microsoft.Playwright.PlaywrightException)
        {
            log.WriteLine($"{scenario} ({size}) failed: {e.Message}");
            return [new Figure(scenario, $"{size}: FAILED", double.NaN, "", "completes", false, e.Message)];
        }
    }

    private static async Task WriteAsync(BenchPlan plan, IReadOnlyList<Figure> figures)
    {
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"# Fleet benchmarks ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine}. The control plane (one silo) runs in its own process; the simulator, the Git server and the driver share the same cores, so figures include their contention.");
        table.AppendLine();
        table.AppendLine("| scenario | figure | value | target | met | conditions |");
        table.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var f in figures)
        {
            var met = f.Met switch { true => "yes", false => "**no**", null => "" };
            table.AppendLine(CultureInfo.InvariantCulture, $"| {f.Scenario} | {f.Name} | {f.Value:0.###} {f.Unit} | {f.Target} | {met} | {f.Conditions} |");
        }
        Directory.CreateDirectory(plan.Output);
        await File.WriteAllTextAsync(Path.Combine(plan.Output, "fleet.md"), table.ToString());
        await File.WriteAllTextAsync(Path.Combine(plan.Output, "fleet.json"),
            JsonSerializer.Serialize(new { machine = Machine, plan, figures }, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
    }
}
