using System.Text;
using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Fleet;

namespace Fleet.Grains.FleetView;

/// <summary>Builds index rows and places them in partitions.</summary>
public static class InstanceRows
{
    /// <summary>Partitions of the instance index. Changing it moves rows: every partition rebuilds on activation.</summary>
    public const int Partitions = 8;

    /// <summary>The key of the partition that holds an instance's row: a stable hash (FNV-1a of the UTF-8 key), the same on every silo.</summary>
    public static string PartitionOf(string application, string cluster) => PartitionKey(PartitionNumber(application, cluster));

    /// <summary>The key of partition <paramref name="number"/>.</summary>
    public static string PartitionKey(int number) => $"index/{number}";

    /// <summary>The partition number of an instance.</summary>
    public static int PartitionNumber(string application, string cluster)
    {
        const uint Prime = 16777619;
        var hash = 2166136261;
        Span<byte> buffer = stackalloc byte[256];
        foreach (var part in (ReadOnlySpan<string>)[application, "/", cluster])
        {
            var bytes = Encoding.UTF8.GetByteCount(part) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(part, buffer)] : Encoding.UTF8.GetBytes(part);
            foreach (var b in bytes)
            {
                hash = (hash ^ b) * Prime;
            }
        }
        return (int)(hash % Partitions);
    }

    /// <summary>The first condition that reports a problem, or null when all is well.</summary>
    public static Condition? FirstNotOk(IReadOnlyList<Condition> conditions)
    {
        foreach (var condition in conditions)
        {
            if (ConditionTypes.IsProblem(condition.Type, condition.Status))
            {
                return condition;
            }
        }
        return null;
    }

    /// <summary>The row of an instance with this status.</summary>
    public static InstanceRow Of(string application, string cluster, SyncStatus sync, HealthStatus health, string? revision,
        IReadOnlyList<Condition> conditions, DateTimeOffset changedAt)
    {
        var problem = FirstNotOk(conditions);
        return new InstanceRow
        {
            Application = application,
            Cluster = cluster,
            Sync = sync,
            Health = health,
            Revision = revision,
            Reason = problem?.Reason,
            Message = problem?.Message,
            ChangedAt = changedAt,
        };
    }

    /// <summary>The row of an instance as it shows itself (used when a partition rebuilds).</summary>
    public static InstanceRow Of(InstanceView view)
    {
        var changedAt = view.Conditions.Count > 0 ? view.Conditions.Max(c => c.LastTransitionTime) : view.LastReconciled ?? DateTimeOffset.MinValue;
        return Of(view.Application, view.Cluster, view.Sync, view.Health, view.Revision, view.Conditions, changedAt);
    }

    /// <summary>True when the listed fields differ, so the index must hear of it.</summary>
    public static bool Differ(InstanceRow a, InstanceRow b) =>
        a.Sync != b.Sync || a.Health != b.Health || a.Revision != b.Revision || a.Reason != b.Reason || a.Message != b.Message;
}
