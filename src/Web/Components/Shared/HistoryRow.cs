using Fleet.Engine.Status;

namespace Fleet.Web.Components.Shared;

/// <summary>One sync of one instance, as the history tables show it.</summary>
public sealed record HistoryRow(string Cluster, SyncRecord Record);
