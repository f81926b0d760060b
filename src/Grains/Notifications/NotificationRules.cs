using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json;
using System.Text;
using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.Events;
using Fleet.Grains.Interfaces.Notifications;

namespace Fleet.Grains.Notifications;

/// <summary>Pure rules of notifications: which events a sink sends, how they read, how a webhook body is signed.</summary>
public static class NotificationRules
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Whether <paramref name="e"/> is one of <paramref name="triggers"/>.</summary>
    public static bool IsTriggered(IEnumerable<string> triggers, FleetEvent e) => triggers.Any(trigger => trigger switch
    {
        NotificationNames.Drift => e.Kind == FleetEventKind.DriftDetected,
        NotificationNames.SyncFailed => e.Kind is FleetEventKind.SyncFailed or FleetEventKind.RenderFailed or FleetEventKind.ReconcileFailed,
        NotificationNames.HealthDegraded => e.Kind == FleetEventKind.ClusterUnreachable
            || (e.Kind == FleetEventKind.HealthChanged && e.ToHealth == HealthStatus.Degraded),
        NotificationNames.Recovered => e.Kind is FleetEventKind.DriftHealed or FleetEventKind.ClusterRecovered
            || (e.Kind == FleetEventKind.HealthChanged && e.FromHealth == HealthStatus.Degraded && e.ToHealth == HealthStatus.Healthy),
        NotificationNames.ImageUpdated => e.Kind is FleetEventKind.ImageUpdatePushed or FleetEventKind.ImagePolicyChanged,
        NotificationNames.ImageFailed => e.Kind is FleetEventKind.ImageUpdateFailed or FleetEventKind.ImageScanFailed,
        _ => false,
    });

    /// <summary>Whether the sink's application and cluster filters let <paramref name="e"/> through.</summary>
    public static bool PassesFilters(string? application, string? cluster, FleetEvent e) =>
        (application is null || e.Application == application) && (cluster is null || e.Cluster == cluster);

    /// <summary>What makes two events "the same" for de-duplication.</summary>
    public static string DedupeKey(FleetEvent e) => $"{e.Kind}|{e.Application}|{e.Cluster}|{e.Reason}";

    /// <summary>One line a human reads.</summary>
    public static string Text(FleetEvent e)
    {
        var subject = e.Subject ?? (e.Application is null ? $"cluster {e.Cluster}" : $"{e.Application} on {e.Cluster}");
        return $"[{e.Kind}] {subject}: {e.Message}";
    }

    /// <summary>The summary sentence for events the throttle held back.</summary>
    public static string MoreText(long more) => $"...and {more} more events (throttled).";

    /// <summary>A webhook body: the event (or none, for a summary), a text line and how many were held back.</summary>
    public static byte[] WebhookBody(string sink, FleetEvent? e, long more)
    {
        var body = new JsonObject
        {
            ["sink"] = sink,
            ["text"] = e is null ? MoreText(more) : Text(e),
            ["events"] = e is null ? new JsonArray() : new JsonArray(JsonSerializer.SerializeToNode(e, Json)),
            ["more"] = more,
        };
        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    /// <summary>A Slack incoming-webhook body: text plus an attachment with application, cluster and reason.</summary>
    public static byte[] SlackBody(FleetEvent? e, long more)
    {
        var body = new JsonObject { ["text"] = e is null ? MoreText(more) : Text(e) };
        if (e is not null)
        {
            var fields = new JsonArray();
            if (e.Application is not null)
            {
                fields.Add(Field("Application", e.Application));
            }
            if (e.Cluster is not null)
            {
                fields.Add(Field("Cluster", e.Cluster));
            }
            fields.Add(Field("Reason", e.Reason));
            body["attachments"] = new JsonArray(new JsonObject
            {
                ["color"] = ColorOf(e.Kind),
                ["title"] = e.Kind.ToString(),
                ["fields"] = fields,
            });
        }
        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    /// <summary>"sha256=" and the lowercase hex HMAC-SHA256 of <paramref name="body"/> under <paramref name="secret"/>.</summary>
    public static string Signature(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static JsonObject Field(string title, string value) => new() { ["title"] = title, ["value"] = value, ["short"] = true };

    private static string ColorOf(FleetEventKind kind) => kind switch
    {
        FleetEventKind.DriftHealed or FleetEventKind.ClusterRecovered or FleetEventKind.SyncSucceeded => "good",
        FleetEventKind.DriftDetected or FleetEventKind.HealthChanged => "warning",
        _ => "danger",
    };
}
