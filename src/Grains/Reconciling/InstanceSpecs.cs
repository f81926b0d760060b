using System.Text.Json;
using Fleet.Grains.Interfaces.Applications;

namespace Fleet.Grains.Reconciling;

/// <summary>Whether an instance is asked to change: its spec compared by content.</summary>
internal static class InstanceSpecs
{
    /// <summary>
    /// True when both specs say the same. Records compare their lists and maps by reference, so a spec sent again (an
    /// unchanged PUT, an application re-reading its targets) never equals the one held even when nothing changed, and
    /// each such call would reconfigure the instance and reconcile it against the cluster from the start.
    /// </summary>
    public static bool Same(InstanceSpec? held, InstanceSpec? sent) =>
        held is null || sent is null
            ? ReferenceEquals(held, sent)
            : JsonSerializer.Serialize(held).Equals(JsonSerializer.Serialize(sent), StringComparison.Ordinal);
}
