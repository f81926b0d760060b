namespace Fleet.Engine;

/// <summary>The labels Fleet puts on every object it applies: how it finds (and prunes) only its own objects.</summary>
public static class FleetLabels
{
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "fleet";
    public const string Application = "fleet.dev/application";

    /// <summary>The watch selector for every object Fleet manages.</summary>
    public const string Selector = Application;
}
