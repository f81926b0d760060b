using System.Text.Json.Nodes;
using Fleet.Kubernetes.Quantities;

namespace Fleet.Simulator.Admission;

/// <summary>Defaults of pod specs, wherever they occur (pods, and the templates of workloads).</summary>
internal static class PodSpecDefaults
{
    private static readonly string[] ContainerLists = ["initContainers", "containers", "ephemeralContainers"];

    /// <summary>Defaults a pod template (<c>spec.template</c>); a missing template is left for validation to report.</summary>
    public static void ApplyToTemplate(JsonObject? template)
    {
        if (template is not null)
        {
            ApplyToSpec(Json.Ensure(template, "spec"), isPod: false);
        }
    }

    /// <summary>Defaults a Pod's own spec, which gets a few more defaults than templates do.</summary>
    public static void ApplyToPod(JsonObject spec)
    {
        ApplyToSpec(spec, isPod: true);
        Json.Default(spec, "enableServiceLinks", true);
        Json.DefaultString(spec, "serviceAccountName", "default");
        Json.DefaultString(spec, "serviceAccount", Json.String(spec, "serviceAccountName") ?? "default");
        Json.Default(spec, "priority", 0);
        Json.DefaultString(spec, "preemptionPolicy", "PreemptLowerPriority");
    }

    private static void ApplyToSpec(JsonObject spec, bool isPod)
    {
        Json.DefaultString(spec, "restartPolicy", "Always");
        Json.DefaultString(spec, "dnsPolicy", "ClusterFirst");
        Json.DefaultString(spec, "schedulerName", "default-scheduler");
        Json.Default(spec, "terminationGracePeriodSeconds", 30);
        Json.Default(spec, "securityContext", new JsonObject());
        foreach (var list in ContainerLists)
        {
            foreach (var container in Json.Objects(Json.Array(spec, list)))
            {
                ApplyToContainer(container, isPod);
            }
        }
        foreach (var volume in Json.Objects(Json.Array(spec, "volumes")))
        {
            ApplyToVolume(volume);
        }
    }

    private static void ApplyToContainer(JsonObject container, bool isPod)
    {
        if (Json.String(container, "image") is { } image)
        {
            Json.DefaultString(container, "imagePullPolicy", ImageReference.Tag(image) == "latest" ? "Always" : "IfNotPresent");
        }
        Json.DefaultString(container, "terminationMessagePath", "/dev/termination-log");
        Json.DefaultString(container, "terminationMessagePolicy", "File");
        var resources = Json.Ensure(container, "resources");
        CanonicalizeQuantities(Json.Object(resources, "limits"));
        CanonicalizeQuantities(Json.Object(resources, "requests"));
        if (isPod && Json.Object(resources, "limits") is { Count: > 0 } limits)
        {
            // A Pod (not a template) with limits but no request for a resource gets the limit as its request.
            var requests = Json.Ensure(resources, "requests");
            foreach (var (name, value) in limits)
            {
                Json.Default(requests, name, value!.DeepClone());
            }
        }
        foreach (var port in Json.Objects(Json.Array(container, "ports")))
        {
            Json.DefaultString(port, "protocol", "TCP");
        }
        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            if (Json.Object(container, probe) is { } p)
            {
                ApplyToProbe(p);
            }
        }
        foreach (var env in Json.Objects(Json.Array(container, "env")))
        {
            if (Json.Object(Json.Object(env, "valueFrom"), "fieldRef") is { } fieldRef)
            {
                Json.DefaultString(fieldRef, "apiVersion", "v1");
            }
        }
    }

    private static void ApplyToProbe(JsonObject probe)
    {
        Json.Default(probe, "timeoutSeconds", 1);
        Json.Default(probe, "periodSeconds", 10);
        Json.Default(probe, "successThreshold", 1);
        Json.Default(probe, "failureThreshold", 3);
        if (Json.Object(probe, "httpGet") is { } httpGet)
        {
            Json.DefaultString(httpGet, "path", "/");
            Json.DefaultString(httpGet, "scheme", "HTTP");
        }
    }

    private static void ApplyToVolume(JsonObject volume)
    {
        // 420 is 0644, the mode the server writes for projected files.
        foreach (var source in new[] { "configMap", "secret", "downwardAPI", "projected" })
        {
            if (Json.Object(volume, source) is { } s)
            {
                Json.Default(s, "defaultMode", 420);
            }
        }
    }

    /// <summary>Rewrites each parsable quantity of a resource list in the server's canonical form.</summary>
    public static void CanonicalizeQuantities(JsonObject? list)
    {
        if (list is null)
        {
            return;
        }
        foreach (var name in list.Select(p => p.Key).ToList())
        {
            var text = list[name] is JsonValue v && v.TryGetValue(out string? s) ? s : list[name]?.ToJsonString();
            if (text is not null && Quantity.TryCanonicalize(text, out var canonical))
            {
                list[name] = canonical;
            }
        }
    }
}
