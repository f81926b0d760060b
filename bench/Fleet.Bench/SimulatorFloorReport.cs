using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Fleet.Bench;

/// <summary>The simulator's own floor (1,000 clusters x 10 objects), written to simulator-floor.md/json.</summary>
public static class SimulatorFloorReport
{
    public static async Task RunAsync(string output, int clusters = 1000, int objects = 10, int concurrency = 16)
    {
        var machine = BenchRunner.Machine;
        Console.WriteLine($"simulator floor: {clusters} clusters x {objects} objects, {concurrency} concurrent applies over HTTP/1.1 loopback");
        var result = await SimulatorFloor.RunAsync(clusters, objects, concurrency);
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"# Simulator floor ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture, $"Machine: {machine}. Client and simulator share the process and the cores.");
        table.AppendLine();
        table.AppendLine("| figure | value | conditions |");
        table.AppendLine("| --- | --- | --- |");
        table.AppendLine(CultureInfo.InvariantCulture, $"| managed heap per cluster | {result.MemoryPerClusterKiB:F1} KiB | {clusters} clusters with {objects} objects each (half ConfigMaps, half 2-replica Deployments with status), after full GC |");
        table.AppendLine(CultureInfo.InvariantCulture, $"| managed heap per empty cluster | {result.EmptyClusterKiB:F1} KiB | 4 system namespaces only |");
        table.AppendLine(CultureInfo.InvariantCulture, $"| server-side apply throughput (create) | {result.AppliesPerSecond:F0} /s | {clusters * objects} applies, {concurrency} in flight |");
        table.AppendLine(CultureInfo.InvariantCulture, $"| apply latency p50 / p99 | {result.ApplyP50Ms:F2} / {result.ApplyP99Ms:F2} ms | same run |");
        table.AppendLine(CultureInfo.InvariantCulture, $"| server-side apply throughput (no-op re-apply) | {result.NoOpAppliesPerSecond:F0} /s | same objects applied again unchanged |");
        table.AppendLine(CultureInfo.InvariantCulture, $"| process CPU during the create pass | {result.ServerCpuSeconds:F1} s | client + simulator + controllers |");
        Console.WriteLine(table);
        Directory.CreateDirectory(output);
        await File.WriteAllTextAsync(Path.Combine(output, "simulator-floor.md"), table.ToString());
        await File.WriteAllTextAsync(Path.Combine(output, "simulator-floor.json"),
            JsonSerializer.Serialize(new { machine, result }, new JsonSerializerOptions { WriteIndented = true }));
    }
}
