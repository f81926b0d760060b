namespace Fleet.Bench;

/// <summary>
/// dotnet run -c Release --project bench/Fleet.Bench -- [--converge 100,1000] [--steady 1000x10] [--rest-seconds 120]
/// [--browser 1000x10] [--out bench/results] [--simulator-floor]
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        BenchPlan plan;
        try
        {
            plan = BenchPlan.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
        if (plan.SimulatorFloor)
        {
            await SimulatorFloorReport.RunAsync(plan.Output);
        }
        var figures = await BenchRunner.RunAsync(plan, Console.Out);
        Console.WriteLine(await File.ReadAllTextAsync(Path.Combine(plan.Output, "fleet.md")));
        return figures.Any(f => f.Met == false) ? 1 : 0;
    }
}
