using System.Diagnostics;
using Fleet.Api.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fleet.Api.Diagnostics;

/// <summary>Grain activations of one type across the cluster.</summary>
public sealed record ActivationCount(string GrainType, int Activations);

/// <summary>The answering silo's process: managed heap, GC and activations, for sizing and for benchmarks.</summary>
public sealed record RuntimeDiagnostics(
    long ManagedHeapBytes, long WorkingSetBytes, long TotalAllocatedBytes, int Gen0Collections, int Gen1Collections,
    int Gen2Collections, double CpuSeconds, int ProcessorCount, IReadOnlyList<ActivationCount> Activations);

/// <summary>/api/v1/diagnostics: what the control plane's process costs (admin only: it can force a collection).</summary>
public static class DiagnosticsApi
{
    public static IEndpointRouteBuilder MapDiagnosticsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/diagnostics/runtime", GetRuntimeAsync).WithTags("Diagnostics").WithName("GetRuntimeDiagnostics")
            .WithSummary("The answering silo's managed heap (after a full collection when collect=true), GC counts, CPU and grain activations.")
            .RequireAuthorization(FleetPolicies.Administer);
        return endpoints;
    }

    private static async Task<Ok<RuntimeDiagnostics>> GetRuntimeAsync(IGrainFactory grains, bool? collect)
    {
        if (collect == true)
        {
            // Compacting, blocking and twice, so finalizable objects are gone too: the heap then holds only live data.
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        var activations = statistics.GroupBy(s => s.GrainType)
            .Select(g => new ActivationCount(g.Key, g.Sum(s => s.ActivationCount)))
            .OrderByDescending(a => a.Activations).ToList();
        using var process = Process.GetCurrentProcess();
        return TypedResults.Ok(new RuntimeDiagnostics(
            GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64, GC.GetTotalAllocatedBytes(),
            GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), process.TotalProcessorTime.TotalSeconds,
            Environment.ProcessorCount, activations));
    }
}
