namespace Fleet.Engine.Health;

/// <summary>Health of the other built-in kinds that have a meaningful status: claims, services, ingresses, namespaces, CRDs.</summary>
internal static class BuiltInHealth
{
    public static HealthAssessment PersistentVolumeClaim(LiveObject live) =>
        (live.String("status", "phase") ?? "Pending") switch
        {
            "Bound" => Verdict.Healthy("Bound", $"Claim {live.Name} is bound to volume {live.String("spec", "volumeName") ?? "(unnamed)"}."),
            "Lost" => Verdict.Degraded("Lost", $"Claim {live.Name} lost its volume; restore the volume or recreate the claim."),
            var phase => Verdict.Progressing(phase, $"Waiting for claim {live.Name} to be bound to a volume."),
        };

    public static HealthAssessment Service(LiveObject live) =>
        live.String("spec", "type") == "LoadBalancer" && !HasAddress(live)
            ? Verdict.Progressing("WaitingForLoadBalancer", $"Waiting for a load balancer address for Service {live.Name}.")
            : Verdict.Healthy("Ready", $"Service {live.Name} is ready.");

    public static HealthAssessment Ingress(LiveObject live) =>
        HasAddress(live)
            ? Verdict.Healthy("Ready", $"Ingress {live.Name} has an address.")
            : Verdict.Progressing("WaitingForAddress", $"Waiting for the ingress controller to give Ingress {live.Name} an address.");

    public static HealthAssessment Namespace(LiveObject live) =>
        live.String("status", "phase") == "Terminating"
            ? Verdict.Progressing("Terminating", $"Namespace {live.Name} is terminating; waiting for its contents to be deleted.")
            : Verdict.Healthy("Active", $"Namespace {live.Name} is active.");

    public static HealthAssessment CustomResourceDefinition(LiveObject live)
    {
        if (live.Condition("NamesAccepted") is { IsFalse: true } rejected)
        {
            return Verdict.Degraded(rejected.Reason ?? "NamesNotAccepted",
                Verdict.Sentence(rejected.Message, $"The names of CRD {live.Name} conflict with another CRD; rename its kind or plural."));
        }

        return live.Condition("Established") is { IsTrue: true }
            ? Verdict.Healthy("Established", $"CRD {live.Name} is established; its custom resources can be created.")
            : Verdict.Progressing("NotEstablished", $"Waiting for CRD {live.Name} to be established.");
    }

    private static bool HasAddress(LiveObject live) => live.Items("status", "loadBalancer", "ingress").Any();
}
