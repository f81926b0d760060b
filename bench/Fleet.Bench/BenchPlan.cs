using System.Globalization;

namespace Fleet.Bench;

/// <summary>What one run measures, from the command line.</summary>
/// <param name="ConvergeSizes">Cluster counts for commit-to-converged (and its floor).</param>
/// <param name="SteadyClusters">Clusters of the steady fleet (at rest, memory, drift, queries); 0 skips it.</param>
/// <param name="SteadyApplications">Applications per cluster of the steady fleet.</param>
/// <param name="RestWindow">How long the at-rest scenario watches.</param>
/// <param name="Output">Where results go.</param>
/// <param name="SimulatorFloor">Also run the simulator's own floor.</param>
/// <param name="Rounds">Alternating rounds of commit-to-converged and its floor, reported by their medians.</param>
/// <param name="Helm">Also run commit-to-converged with the application as a Helm chart, next to the plain figure.</param>
/// <param name="BrowserClusters">Clusters of the fleet whose overview is measured in chromium; 0 skips it.</param>
/// <param name="BrowserApplications">Applications per cluster of that fleet.</param>
public sealed record BenchPlan(IReadOnlyList<int> ConvergeSizes, int SteadyClusters, int SteadyApplications, TimeSpan RestWindow, string Output, bool SimulatorFloor, int Rounds = 3,
    bool Helm = true, int BrowserClusters = 0, int BrowserApplications = 0)
{
    /// <summary>The full run the README quotes.</summary>
    public static BenchPlan Default { get; } = new([100, 1000], 1000, 10, TimeSpan.FromMinutes(2), "bench/results", false, BrowserClusters: 1000, BrowserApplications: 10);

    public static BenchPlan Parse(string[] args)
    {
        var plan = Default;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            plan = args[i] switch
            {
                "--converge" => plan with { ConvergeSizes = [.. Next().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)] },
                "--steady" => ParseSteady(plan, Next()),
                "--rest-seconds" => plan with { RestWindow = TimeSpan.FromSeconds(int.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--out" => plan with { Output = Next() },
                "--simulator-floor" => plan with { SimulatorFloor = true },
                "--rounds" => plan with { Rounds = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--no-helm" => plan with { Helm = false },
                "--browser" => ParseBrowser(plan, Next()),
                _ => throw new ArgumentException($"unknown option {args[i]}; see the README's Benchmarks section"),
            };
        }
        return plan;
    }

    // "1000x10" as for --steady; "0" skips the browser scenario.
    private static BenchPlan ParseBrowser(BenchPlan plan, string value)
    {
        var steady = ParseSteady(plan, value);
        return plan with { BrowserClusters = steady.SteadyClusters, BrowserApplications = steady.SteadyApplications };
    }

    // "1000x10" = 1,000 clusters with 10 applications each; "0" skips the steady fleet.
    private static BenchPlan ParseSteady(BenchPlan plan, string value)
    {
        var parts = value.Split('x');
        return plan with
        {
            SteadyClusters = int.Parse(parts[0], CultureInfo.InvariantCulture),
            SteadyApplications = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 1,
        };
    }
}
