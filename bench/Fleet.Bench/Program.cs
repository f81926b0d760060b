using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Fleet.Bench;

// dotnet run -c Release --project bench/Fleet.Bench -- [--clusters 1000] [--objects 10] [--concurrency 16] [--out bench/results]
var clusters = Arg("--clusters", 1000);
var objects = Arg("--objects", 10);
var concurrency = Arg("--concurrency", 16);
var output = ArgText("--out", "bench/results");

var machine = $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024.0):F0} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
Console.WriteLine($"machine: {machine}");
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
return 0;

int Arg(string name, int fallback) => int.TryParse(ArgText(name, ""), out var value) ? value : fallback;

string ArgText(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
