using System.Text.Json.Nodes;

using Xunit.Abstractions;

namespace Fleet.Bench.Tests;

/// <summary>
/// A small run of the whole harness (every scenario at a tiny size against the real silo process, the simulator and a
/// git daemon), so that the benchmarks keep working. The figures' values are not judged here: benchmarks are.
/// </summary>
public sealed class BenchHarnessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RunAsync_TinyPlan_MeasuresEveryScenarioAndWritesResults()
    {
        var directory = Directory.CreateTempSubdirectory("fleet-bench-results-").FullName;
        var plan = new BenchPlan([3], SteadyClusters: 3, SteadyApplications: 2, RestWindow: TimeSpan.FromSeconds(3), directory, SimulatorFloor: false,
            BrowserClusters: 3, BrowserApplications: 2);
        using var log = new StringWriter();

        var figures = await BenchRunner.RunAsync(plan, log);
        output.WriteLine(log.ToString());

        string[] scenarios = ["commit-to-converged", "floor", "memory", "at-rest", "drift", "queries", "browser"];
        Assert.All(scenarios, s => Assert.Contains(figures, f => f.Scenario == s));
        Assert.All(figures, f => Assert.True(double.IsFinite(f.Value) && f.Value >= 0, $"{f.Scenario} / {f.Name} = {f.Value}"));
        Assert.Contains(figures, f => f.Name == "3 clusters: webhook to all Synced+Healthy" && f.Value > 0);
        Assert.Contains(figures, f => f.Name == "3 clusters, Helm chart: webhook to all Synced+Healthy" && f.Value > 0);
        Assert.Contains(figures, f => f.Name == "3 clusters: Helm chart / plain manifests" && f.Value > 0);
        Assert.Contains(figures, f => f.Scenario == "memory" && f.Value > 0);
        Assert.Contains(figures, f => f.Name == "first meaningful paint, median" && f.Value > 0);
        Assert.Contains(figures, f => f.Name == "filter change, p95" && f.Value > 0);
        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "fleet.json")))!;
        Assert.Equal(figures.Count, json["figures"]!.AsArray().Count);
        Assert.Contains("| drift |", await File.ReadAllTextAsync(Path.Combine(directory, "fleet.md")), StringComparison.Ordinal);
    }
}
