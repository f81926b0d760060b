using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text;
using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.Events;
using Fleet.Grains.Notifications;

namespace Fleet.Grains.Tests.Notifications;

/// <summary>The pure rules of notifications: triggers, filters, de-duplication keys, bodies and signatures.</summary>
public sealed class NotificationRulesTests
{
    private static FleetEvent Of(FleetEventKind kind, HealthStatus? from = null, HealthStatus? to = null) =>
        new() { Kind = kind, Application = "shop", Cluster = "eu-1", Reason = "Why", Message = "Because.", FromHealth = from, ToHealth = to };

    [Theory]
    [InlineData("drift", FleetEventKind.DriftDetected, true)]
    [InlineData("drift", FleetEventKind.DriftHealed, false)]
    [InlineData("sync-failed", FleetEventKind.SyncFailed, true)]
    [InlineData("sync-failed", FleetEventKind.SyncSucceeded, false)]
    [InlineData("sync-failed", FleetEventKind.RenderFailed, true)]
    [InlineData("sync-failed", FleetEventKind.ReconcileFailed, true)]
    [InlineData("health-degraded", FleetEventKind.ClusterUnreachable, true)]
    [InlineData("recovered", FleetEventKind.ClusterRecovered, true)]
    [InlineData("recovered", FleetEventKind.DriftHealed, true)]
    [InlineData("recovered", FleetEventKind.SyncStarted, false)]
    public void IsTriggered_KindAgainstTrigger_MatchesOnlyItsKinds(string trigger, FleetEventKind kind, bool expected) =>
        Assert.Equal(expected, NotificationRules.IsTriggered([trigger], Of(kind)));

    [Fact]
    public void IsTriggered_HealthChanges_DegradedAndRecoveryOnly()
    {
        Assert.True(NotificationRules.IsTriggered(["health-degraded"], Of(FleetEventKind.HealthChanged, HealthStatus.Healthy, HealthStatus.Degraded)));
        Assert.False(NotificationRules.IsTriggered(["health-degraded"], Of(FleetEventKind.HealthChanged, HealthStatus.Healthy, HealthStatus.Progressing)));
        Assert.True(NotificationRules.IsTriggered(["recovered"], Of(FleetEventKind.HealthChanged, HealthStatus.Degraded, HealthStatus.Healthy)));
        Assert.False(NotificationRules.IsTriggered(["recovered"], Of(FleetEventKind.HealthChanged, HealthStatus.Progressing, HealthStatus.Healthy)));
    }

    [Fact]
    public void PassesFilters_ApplicationAndCluster_BothMustMatch()
    {
        var e = Of(FleetEventKind.DriftDetected);
        Assert.True(NotificationRules.PassesFilters(null, null, e));
        Assert.True(NotificationRules.PassesFilters("shop", "eu-1", e));
        Assert.False(NotificationRules.PassesFilters("other", null, e));
        Assert.False(NotificationRules.PassesFilters(null, "us-1", e));
    }

    [Fact]
    public void DedupeKey_SameKindApplicationClusterReason_Equal()
    {
        var first = Of(FleetEventKind.DriftDetected) with { Sequence = 1, Message = "one" };
        var second = Of(FleetEventKind.DriftDetected) with { Sequence = 2, Message = "two" };
        var otherReason = second with { Reason = "Else" };

        Assert.Equal(NotificationRules.DedupeKey(first), NotificationRules.DedupeKey(second));
        Assert.NotEqual(NotificationRules.DedupeKey(first), NotificationRules.DedupeKey(otherReason));
    }

    [Fact]
    public void Signature_Body_IsHexHmacSha256()
    {
        var body = NotificationRules.WebhookBody("sink", Of(FleetEventKind.SyncFailed), 0);

        var signature = NotificationRules.Signature("key", body);

        Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData("key"u8, body)), signature);
        Assert.Equal("SyncFailed", JsonNode.Parse(body)!["events"]![0]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public void SlackBody_Summary_SaysHowManyMore()
    {
        var body = JsonNode.Parse(Encoding.UTF8.GetString(NotificationRules.SlackBody(null, 7)))!;

        Assert.Contains("and 7 more", body["text"]!.GetValue<string>());
        Assert.Null(body["attachments"]);
    }
}
