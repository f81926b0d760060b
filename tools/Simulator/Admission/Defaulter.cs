using System.Text;
using System.Text.Json.Nodes;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Admission;

/// <summary>
/// The defaults a real API server writes into objects on create and update (its registered defaulting functions
/// plus the few registry strategies a diff would notice). Mutates the object; applying it twice changes nothing.
/// </summary>
public static class Defaulter
{
    /// <summary>Fills the defaults for an object of <paramref name="type"/>.</summary>
    public static void Apply(ResourceType type, JsonObject obj)
    {
        if (type.IsCustom)
        {
            return;
        }
        switch (type.Group, type.Kind)
        {
            case ("apps", "Deployment"):
                DefaultDeployment(Json.Ensure(obj, "spec"));
                break;
            case ("apps", "ReplicaSet"):
                Json.Default(Json.Ensure(obj, "spec"), "replicas", 1);
                PodSpecDefaults.ApplyToTemplate(Json.Object(obj["spec"], "template"));
                break;
            case ("apps", "StatefulSet"):
                DefaultStatefulSet(Json.Ensure(obj, "spec"));
                break;
            case ("apps", "DaemonSet"):
                DefaultDaemonSet(Json.Ensure(obj, "spec"));
                break;
            case ("autoscaling", "HorizontalPodAutoscaler"):
                DefaultAutoscaler(Json.Ensure(obj, "spec"));
                break;
            case ("batch", "Job"):
                DefaultJob(obj, Json.Ensure(obj, "spec"));
                break;
            case ("batch", "CronJob"):
                DefaultCronJob(Json.Ensure(obj, "spec"));
                break;
            case ("", "Pod"):
                PodSpecDefaults.ApplyToPod(Json.Ensure(obj, "spec"));
                break;
            case ("", "Service"):
                ServiceDefaults.Apply(obj, Json.Ensure(obj, "spec"));
                break;
            case ("", "Secret"):
                DefaultSecret(obj);
                break;
            case ("", "PersistentVolumeClaim"):
                DefaultClaimSpec(Json.Ensure(obj, "spec"));
                break;
            case ("", "Namespace"):
                DefaultNamespace(obj);
                break;
            default:
                break;
        }
    }

    private static void DefaultDeployment(JsonObject spec)
    {
        Json.Default(spec, "replicas", 1);
        Json.Default(spec, "revisionHistoryLimit", 10);
        Json.Default(spec, "progressDeadlineSeconds", 600);
        var strategy = Json.Ensure(spec, "strategy");
        Json.DefaultString(strategy, "type", "RollingUpdate");
        if (Json.String(strategy, "type") == "RollingUpdate")
        {
            var rolling = Json.Ensure(strategy, "rollingUpdate");
            Json.Default(rolling, "maxUnavailable", "25%");
            Json.Default(rolling, "maxSurge", "25%");
        }
        PodSpecDefaults.ApplyToTemplate(Json.Object(spec, "template"));
    }

    private static void DefaultStatefulSet(JsonObject spec)
    {
        Json.Default(spec, "replicas", 1);
        Json.DefaultString(spec, "podManagementPolicy", "OrderedReady");
        Json.Default(spec, "revisionHistoryLimit", 10);
        var strategy = Json.Ensure(spec, "updateStrategy");
        Json.DefaultString(strategy, "type", "RollingUpdate");
        if (Json.String(strategy, "type") == "RollingUpdate")
        {
            Json.Default(Json.Ensure(strategy, "rollingUpdate"), "partition", 0);
        }
        var retention = Json.Ensure(spec, "persistentVolumeClaimRetentionPolicy");
        Json.DefaultString(retention, "whenDeleted", "Retain");
        Json.DefaultString(retention, "whenScaled", "Retain");
        foreach (var claim in Json.Objects(Json.Array(spec, "volumeClaimTemplates")))
        {
            // The server stores claim templates as full PVC objects, status included.
            Json.Default(claim, "apiVersion", "v1");
            Json.Default(claim, "kind", "PersistentVolumeClaim");
            DefaultClaimSpec(Json.Ensure(claim, "spec"));
            Json.DefaultString(Json.Ensure(claim, "status"), "phase", "Pending");
        }
        PodSpecDefaults.ApplyToTemplate(Json.Object(spec, "template"));
    }

    private static void DefaultDaemonSet(JsonObject spec)
    {
        Json.Default(spec, "revisionHistoryLimit", 10);
        var strategy = Json.Ensure(spec, "updateStrategy");
        Json.DefaultString(strategy, "type", "RollingUpdate");
        if (Json.String(strategy, "type") == "RollingUpdate")
        {
            var rolling = Json.Ensure(strategy, "rollingUpdate");
            Json.Default(rolling, "maxUnavailable", 1);
            Json.Default(rolling, "maxSurge", 0);
        }
        PodSpecDefaults.ApplyToTemplate(Json.Object(spec, "template"));
    }

    // autoscaling/v2 (the storage version): minReplicas 1, and 80% average cpu utilization when no metric is given.
    private static void DefaultAutoscaler(JsonObject spec)
    {
        Json.Default(spec, "minReplicas", 1);
        if (Json.Array(spec, "metrics") is not { Count: > 0 })
        {
            spec["metrics"] = new JsonArray(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject
                {
                    ["name"] = "cpu",
                    ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = 80 },
                },
            });
        }
    }

    private static void DefaultJob(JsonObject job, JsonObject spec)
    {
        // Completions defaults to 1 only when parallelism is unset too: a work-queue Job sets parallelism alone.
        if (spec["completions"] is null && spec["parallelism"] is null)
        {
            spec["completions"] = 1;
        }
        Json.Default(spec, "parallelism", 1);
        Json.Default(spec, "backoffLimit", 6);
        Json.DefaultString(spec, "completionMode", "NonIndexed");
        Json.Default(spec, "suspend", false);
        Json.DefaultString(spec, "podReplacementPolicy", "TerminatingOrFailed");
        DefaultJobSelector(job, spec);
        PodSpecDefaults.ApplyToTemplate(Json.Object(spec, "template"));
    }

    // The Job registry generates the selector and template labels from the uid unless manualSelector is set.
    private static void DefaultJobSelector(JsonObject job, JsonObject spec)
    {
        var uid = Json.String(Json.Object(job, "metadata"), "uid");
        var name = Json.String(Json.Object(job, "metadata"), "name");
        if (uid is null || name is null || Json.Boolean(spec, "manualSelector") == true || spec["selector"] is not null)
        {
            return;
        }
        spec["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["batch.kubernetes.io/controller-uid"] = uid } };
        if (Json.Object(spec, "template") is { } template)
        {
            var labels = Json.Ensure(Json.Ensure(template, "metadata"), "labels");
            Json.Default(labels, "batch.kubernetes.io/controller-uid", uid);
            Json.Default(labels, "batch.kubernetes.io/job-name", name);
            Json.Default(labels, "controller-uid", uid);
            Json.Default(labels, "job-name", name);
        }
    }

    private static void DefaultCronJob(JsonObject spec)
    {
        Json.DefaultString(spec, "concurrencyPolicy", "Allow");
        Json.Default(spec, "suspend", false);
        Json.Default(spec, "successfulJobsHistoryLimit", 3);
        Json.Default(spec, "failedJobsHistoryLimit", 1);
        PodSpecDefaults.ApplyToTemplate(Json.Object(Json.Object(spec, "jobTemplate")?["spec"], "template"));
    }

    private static void DefaultSecret(JsonObject secret)
    {
        Json.DefaultString(secret, "type", "Opaque");
        // stringData is write-only: the server merges it over data (base64) and never stores it.
        if (secret["stringData"] is JsonObject stringData)
        {
            var data = Json.Ensure(secret, "data");
            foreach (var (key, value) in stringData)
            {
                var text = value is JsonValue v && v.TryGetValue(out string? s) ? s : value?.ToJsonString() ?? "";
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
            }
        }
        secret.Remove("stringData");
    }

    private static void DefaultClaimSpec(JsonObject spec)
    {
        Json.DefaultString(spec, "volumeMode", "Filesystem");
        PodSpecDefaults.CanonicalizeQuantities(Json.Object(Json.Object(spec, "resources"), "requests"));
        PodSpecDefaults.CanonicalizeQuantities(Json.Object(Json.Object(spec, "resources"), "limits"));
    }

    private static void DefaultNamespace(JsonObject ns)
    {
        var name = Json.String(Json.Object(ns, "metadata"), "name");
        if (name is not null)
        {
            Json.Default(Json.Ensure(Json.Ensure(ns, "metadata"), "labels"), "kubernetes.io/metadata.name", name);
        }
        Json.Default(Json.Ensure(ns, "spec"), "finalizers", new JsonArray("kubernetes"));
    }
}
