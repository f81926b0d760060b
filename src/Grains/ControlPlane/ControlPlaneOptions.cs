namespace Fleet.Grains.ControlPlane;

/// <summary>
/// How the silo reaches the Kubernetes cluster it runs in (<c>Fleet:ControlPlane</c>), to read the Secrets that
/// documents reference. Inside a pod nothing needs setting: the pod's service account and namespace are used.
/// </summary>
public sealed class ControlPlaneOptions
{
    /// <summary>A kubeconfig file for a silo that runs outside the cluster (and for tests); null uses in-cluster credentials.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig's context; null takes its current-context.</summary>
    public string? Context { get; set; }

    /// <summary>The namespace whose Secrets references name; null is the pod's own namespace, else <c>fleet</c>.</summary>
    public string? Namespace { get; set; }

    /// <summary>
    /// How often an app of apps compares what Git declares with what Fleet holds when no commit arrives: it writes back
    /// an object someone deleted, and one someone edited when its policy self-heals.
    /// </summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromMinutes(3);
}
