using Fleet.Simulator.Model;

namespace Fleet.Simulator.Controllers;

/// <summary>The simulated controllers, one per kind whose status a real cluster fills in.</summary>
public static class Controllers
{
    /// <summary>Every controller.</summary>
    public static IReadOnlyList<IController> All { get; } =
    [
        new NamespaceController(),
        new DeploymentController(),
        new ReplicaSetController(),
        new StatefulSetController(),
        new DaemonSetController(),
        new JobController(),
        new HorizontalPodAutoscalerController(),
        new PodController(),
        new PersistentVolumeClaimController(),
        new ServiceController(),
        new IngressController(),
        new CustomResourceDefinitionController(),
    ];

    /// <summary>The controller for <paramref name="type"/>, or null when no controller writes its status.</summary>
    public static IController? For(ResourceType type) => All.FirstOrDefault(c => c.Handles(type));
}
