using System.Diagnostics;

namespace Fleet.Bench.Harness;

/// <summary>
/// The benchmark process itself: it hosts the simulated clusters, the Git server and the driver, so its CPU is the
/// simulator's side of a figure (the silo runs in a process of its own).
/// </summary>
public static class BenchProcess
{
    /// <summary>CPU time used so far by every thread of this process.</summary>
    public static TimeSpan CpuTime
    {
        get
        {
            using var self = Process.GetCurrentProcess();
            return self.TotalProcessorTime;
        }
    }
}
