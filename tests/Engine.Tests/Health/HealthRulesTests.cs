using System.Text.Json.Nodes;
using Fleet.Engine.Health;
using Fleet.Engine.Status;

namespace Fleet.Engine.Tests.Health;

public class HealthRulesTests
{
    [Fact]
    public void Assess_Null_Missing()
    {
        Assert.Equal(HealthStatus.Missing, HealthRules.Assess(null).Status);
    }

    [Fact]
    public void Assess_DeletionTimestampSet_ProgressingBeingDeleted()
    {
        var result = Assess("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","deletionTimestamp":"2024-05-01T12:00:00Z","finalizers":["x"]}}""");

        Assert.Equal((HealthStatus.Progressing, "BeingDeleted"), (result.Status, result.Reason));
        Assert.Contains("being deleted", result.Message);
    }

    [Fact]
    public void Assess_DeploymentRolledOut_Healthy()
    {
        var result = HealthRules.Assess(Deployment(generation: 2, replicas: 3, """
            {"observedGeneration":2,"replicas":3,"updatedReplicas":3,"readyReplicas":3,"availableReplicas":3,
             "conditions":[{"type":"Available","status":"True","reason":"MinimumReplicasAvailable"},
                           {"type":"Progressing","status":"True","reason":"NewReplicaSetAvailable"}]}
            """));

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public void Assess_DeploymentGenerationNotObserved_ProgressingNamesGeneration()
    {
        var result = HealthRules.Assess(Deployment(generation: 3, replicas: 3, """{"observedGeneration":2,"replicas":3,"updatedReplicas":3,"availableReplicas":3}"""));

        Assert.Equal(HealthStatus.Progressing, result.Status);
        Assert.Contains("observe generation 3", result.Message);
    }

    [Fact]
    public void Assess_DeploymentProgressDeadlineExceeded_DegradedWithConditionMessage()
    {
        var result = HealthRules.Assess(Deployment(generation: 1, replicas: 3, """
            {"observedGeneration":1,"replicas":3,"updatedReplicas":1,"availableReplicas":0,
             "conditions":[{"type":"Progressing","status":"False","reason":"ProgressDeadlineExceeded",
                            "message":"ReplicaSet \"web-5d8f\" has timed out progressing."}]}
            """));

        Assert.Equal(new HealthAssessment(HealthStatus.Degraded, "ProgressDeadlineExceeded", "ReplicaSet \"web-5d8f\" has timed out progressing."), result);
    }

    [Fact]
    public void Assess_DeploymentPaused_Suspended()
    {
        var deployment = Deployment(generation: 1, replicas: 3, """{"observedGeneration":1}""");
        deployment["spec"]!["paused"] = true;

        Assert.Equal(HealthStatus.Suspended, HealthRules.Assess(deployment).Status);
    }

    [Theory]
    [InlineData("""{"observedGeneration":1,"replicas":3,"updatedReplicas":2,"availableReplicas":2}""", "2 of 3 replicas updated")]
    [InlineData("""{"observedGeneration":1,"replicas":4,"updatedReplicas":3,"availableReplicas":3}""", "1 old replicas are pending termination")]
    [InlineData("""{"observedGeneration":1,"replicas":3,"updatedReplicas":3,"availableReplicas":2}""", "2 of 3 updated replicas available")]
    public void Assess_DeploymentMidRollout_ProgressingWithCounts(string status, string expected)
    {
        var result = HealthRules.Assess(Deployment(generation: 1, replicas: 3, status));

        Assert.Equal(HealthStatus.Progressing, result.Status);
        Assert.Contains(expected, result.Message);
    }

    [Theory]
    [InlineData("""{"observedGeneration":1,"replicas":3,"readyReplicas":3,"updatedReplicas":3,"currentRevision":"db-7f","updateRevision":"db-7f"}""", HealthStatus.Healthy)]
    [InlineData("""{"observedGeneration":1,"replicas":3,"readyReplicas":2,"updatedReplicas":3,"currentRevision":"db-7f","updateRevision":"db-7f"}""", HealthStatus.Progressing)]
    [InlineData("""{"observedGeneration":1,"replicas":3,"readyReplicas":3,"updatedReplicas":1,"currentRevision":"db-7f","updateRevision":"db-8a"}""", HealthStatus.Progressing)]
    [InlineData("""{"observedGeneration":0,"replicas":3,"readyReplicas":3}""", HealthStatus.Progressing)]
    public void Assess_StatefulSet_FollowsReadyReplicasAndRevisions(string status, HealthStatus expected)
    {
        var result = Assess($$$"""{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db","generation":1},"spec":{"replicas":3},"status":{{{status}}}}""");

        Assert.Equal(expected, result.Status);
    }

    [Fact]
    public void Assess_StatefulSetPartitionedRolloutDone_Healthy()
    {
        var result = Assess("""
            {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db","generation":2},
             "spec":{"replicas":3,"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}},
             "status":{"observedGeneration":2,"replicas":3,"readyReplicas":3,"updatedReplicas":1,"currentRevision":"db-7f","updateRevision":"db-8a"}}
            """);

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Theory]
    [InlineData("""{"observedGeneration":1,"desiredNumberScheduled":3,"updatedNumberScheduled":3,"numberAvailable":3,"numberReady":3}""", HealthStatus.Healthy, "")]
    [InlineData("""{"observedGeneration":1,"desiredNumberScheduled":3,"updatedNumberScheduled":1,"numberAvailable":3}""", HealthStatus.Progressing, "1 of 3 nodes updated")]
    [InlineData("""{"observedGeneration":1,"desiredNumberScheduled":3,"updatedNumberScheduled":3,"numberAvailable":2}""", HealthStatus.Progressing, "2 of 3 nodes available")]
    public void Assess_DaemonSet_FollowsScheduledCounts(string status, HealthStatus expected, string message)
    {
        var result = Assess($$$"""{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent","generation":1},"spec":{},"status":{{{status}}}}""");

        Assert.Equal(expected, result.Status);
        Assert.Contains(message, result.Message);
    }

    [Theory]
    [InlineData("""{"observedGeneration":1,"replicas":2,"readyReplicas":2,"availableReplicas":2}""", HealthStatus.Healthy)]
    [InlineData("""{"observedGeneration":1,"replicas":2,"availableReplicas":1}""", HealthStatus.Progressing)]
    [InlineData("""{"observedGeneration":1,"replicas":0,"conditions":[{"type":"ReplicaFailure","status":"True","reason":"FailedCreate","message":"pods \"web-x\" is forbidden: exceeded quota"}]}""", HealthStatus.Degraded)]
    public void Assess_ReplicaSet_FollowsAvailabilityAndFailure(string status, HealthStatus expected)
    {
        var result = Assess($$$"""{"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web-x","generation":1},"spec":{"replicas":2},"status":{{{status}}}}""");

        Assert.Equal(expected, result.Status);
    }

    [Theory]
    [InlineData("""{"suspend":false}""", """{"succeeded":1,"conditions":[{"type":"SuccessCriteriaMet","status":"True"},{"type":"Complete","status":"True","reason":"CompletionsReached"}]}""", HealthStatus.Healthy)]
    [InlineData("""{"suspend":false}""", """{"failed":6,"conditions":[{"type":"Failed","status":"True","reason":"BackoffLimitExceeded","message":"Job has reached the specified backoff limit"}]}""", HealthStatus.Degraded)]
    [InlineData("""{"suspend":true}""", """{}""", HealthStatus.Suspended)]
    [InlineData("""{"completions":3}""", """{"active":1,"succeeded":1}""", HealthStatus.Progressing)]
    public void Assess_Job_FollowsConditions(string spec, string status, HealthStatus expected)
    {
        var result = Assess($$$"""{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"migrate"},"spec":{{{spec}}},"status":{{{status}}}}""");

        Assert.Equal(expected, result.Status);
    }

    [Fact]
    public void Assess_JobFailed_ReasonAndMessageFromCondition()
    {
        var result = Assess("""{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"migrate"},"status":{"conditions":[{"type":"Failed","status":"True","reason":"BackoffLimitExceeded","message":"Job has reached the specified backoff limit"}]}}""");

        Assert.Equal(new HealthAssessment(HealthStatus.Degraded, "BackoffLimitExceeded", "Job has reached the specified backoff limit."), result);
    }

    [Theory]
    [InlineData(true, HealthStatus.Suspended)]
    [InlineData(false, HealthStatus.Healthy)]
    public void Assess_CronJob_SuspendedOnlyWhenSuspendSet(bool suspend, HealthStatus expected)
    {
        var result = Assess($$$"""{"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"nightly"},"spec":{"schedule":"0 1 * * *","suspend":{{{(suspend ? "true" : "false")}}}}}""");

        Assert.Equal(expected, result.Status);
    }

    [Theory]
    [InlineData("""{"phase":"Running","conditions":[{"type":"Ready","status":"True"}],"containerStatuses":[{"name":"web","ready":true,"state":{"running":{}}}]}""", HealthStatus.Healthy, "Running")]
    [InlineData("""{"phase":"Succeeded"}""", HealthStatus.Healthy, "Completed")]
    [InlineData("""{"phase":"Failed","reason":"Evicted","message":"The node was low on resource: memory."}""", HealthStatus.Degraded, "Evicted")]
    [InlineData("""{"phase":"Pending","containerStatuses":[{"name":"web","ready":false,"state":{"waiting":{"reason":"ImagePullBackOff","message":"Back-off pulling image \"web:9\""}}}]}""", HealthStatus.Degraded, "ImagePullBackOff")]
    [InlineData("""{"phase":"Pending","containerStatuses":[{"name":"web","ready":false,"state":{"waiting":{"reason":"ErrImagePull"}}}]}""", HealthStatus.Degraded, "ErrImagePull")]
    [InlineData("""{"phase":"Running","containerStatuses":[{"name":"web","ready":false,"restartCount":5,"state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 5m0s restarting failed container"}}}]}""", HealthStatus.Degraded, "CrashLoopBackOff")]
    [InlineData("""{"phase":"Running","conditions":[{"type":"Ready","status":"False"}],"containerStatuses":[{"name":"web","ready":false,"state":{"running":{}}}]}""", HealthStatus.Progressing, "ContainersNotReady")]
    [InlineData("""{"phase":"Pending","containerStatuses":[{"name":"web","ready":false,"state":{"waiting":{"reason":"ContainerCreating"}}}]}""", HealthStatus.Progressing, "Pending")]
    public void Assess_Pod_FollowsPhaseReadinessAndWaitingReasons(string status, HealthStatus expected, string reason)
    {
        var result = Assess($$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-0"},"status":{{{status}}}}""");

        Assert.Equal((expected, reason), (result.Status, result.Reason));
    }

    [Fact]
    public void Assess_PodImagePullBackOff_MessageNamesContainerAndCause()
    {
        var result = Assess("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-0"},"status":{"phase":"Pending","containerStatuses":[{"name":"web","ready":false,"state":{"waiting":{"reason":"ImagePullBackOff","message":"Back-off pulling image \"web:9\""}}}]}}""");

        Assert.Equal("Container web is waiting with ImagePullBackOff: Back-off pulling image \"web:9\".", result.Message);
    }

    [Theory]
    [InlineData("Bound", HealthStatus.Healthy)]
    [InlineData("Lost", HealthStatus.Degraded)]
    [InlineData("Pending", HealthStatus.Progressing)]
    public void Assess_PersistentVolumeClaim_FollowsPhase(string phase, HealthStatus expected)
    {
        var result = Assess($$$"""{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data"},"spec":{"volumeName":"pv-1"},"status":{"phase":"{{{phase}}}"}}""");

        Assert.Equal(expected, result.Status);
    }

    [Theory]
    [InlineData("LoadBalancer", """{"loadBalancer":{}}""", HealthStatus.Progressing)]
    [InlineData("LoadBalancer", """{"loadBalancer":{"ingress":[{"ip":"10.0.0.7","ipMode":"VIP"}]}}""", HealthStatus.Healthy)]
    [InlineData("ClusterIP", """{"loadBalancer":{}}""", HealthStatus.Healthy)]
    public void Assess_Service_LoadBalancerWaitsForAddress(string type, string status, HealthStatus expected)
    {
        var result = Assess($$$"""{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"type":"{{{type}}}"},"status":{{{status}}}}""");

        Assert.Equal(expected, result.Status);
    }

    [Theory]
    [InlineData("""{"loadBalancer":{}}""", HealthStatus.Progressing)]
    [InlineData("""{"loadBalancer":{"ingress":[{"hostname":"lb.example.com"}]}}""", HealthStatus.Healthy)]
    public void Assess_Ingress_HealthyOnceItHasAnAddress(string status, HealthStatus expected)
    {
        var result = Assess($$$"""{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"web"},"spec":{},"status":{{{status}}}}""");

        Assert.Equal(expected, result.Status);
    }

    [Theory]
    [InlineData("True", HealthStatus.Healthy)]
    [InlineData("False", HealthStatus.Degraded)]
    [InlineData("Unknown", HealthStatus.Progressing)]
    public void Assess_CustomResourceWithReadyCondition_FollowsCondition(string ready, HealthStatus expected)
    {
        var result = Assess($$$"""
            {"apiVersion":"cert-manager.io/v1","kind":"Certificate","metadata":{"name":"tls","generation":1},
             "status":{"conditions":[{"type":"Ready","status":"{{{ready}}}","reason":"Issuing","message":"Issuing certificate as Secret does not exist"}]}}
            """);

        Assert.Equal(expected, result.Status);
    }

    [Fact]
    public void Assess_CustomResourceNotReady_CarriesReasonAndMessage()
    {
        var result = Assess("""
            {"apiVersion":"cert-manager.io/v1","kind":"Certificate","metadata":{"name":"tls"},
             "status":{"conditions":[{"type":"Ready","status":"False","reason":"DoesNotExist","message":"Issuer letsencrypt not found"}]}}
            """);

        Assert.Equal(new HealthAssessment(HealthStatus.Degraded, "DoesNotExist", "Issuer letsencrypt not found."), result);
    }

    [Fact]
    public void Assess_CustomResourceWithoutConditions_HealthyOncePresent()
    {
        Assert.Equal(HealthStatus.Healthy, Assess("""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{}}""").Status);
    }

    [Fact]
    public void Assess_CustomKindNamedLikeABuiltIn_UsesGenericRule()
    {
        // A "Deployment" from another group is not apps/v1; with no status it must not be judged as a stuck rollout.
        var result = Assess("""{"apiVersion":"example.com/v1","kind":"Deployment","metadata":{"name":"d","generation":4},"spec":{"replicas":3}}""");

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Theory]
    [InlineData("True", HealthStatus.Healthy)]
    [InlineData("False", HealthStatus.Progressing)]
    public void Assess_CustomResourceDefinition_FollowsEstablished(string established, HealthStatus expected)
    {
        var result = Assess($$$"""
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},
             "status":{"conditions":[{"type":"NamesAccepted","status":"True"},{"type":"Established","status":"{{{established}}}"}]}}
            """);

        Assert.Equal(expected, result.Status);
    }

    [Theory]
    [InlineData("Active", HealthStatus.Healthy)]
    [InlineData("Terminating", HealthStatus.Progressing)]
    public void Assess_Namespace_FollowsPhase(string phase, HealthStatus expected)
    {
        var result = Assess($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop"},"status":{"phase":"{{{phase}}}"}}""");

        Assert.Equal(expected, result.Status);
    }

    [Fact]
    public void Assess_ConfigMap_HealthyOncePresent()
    {
        Assert.Equal(HealthStatus.Healthy, Assess("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{}}""").Status);
    }

    [Theory]
    [InlineData(HealthStatus.Degraded, HealthStatus.Missing, true)]
    [InlineData(HealthStatus.Missing, HealthStatus.Progressing, true)]
    [InlineData(HealthStatus.Progressing, HealthStatus.Suspended, true)]
    [InlineData(HealthStatus.Suspended, HealthStatus.Healthy, true)]
    [InlineData(HealthStatus.Unknown, HealthStatus.Degraded, true)]
    [InlineData(HealthStatus.Healthy, HealthStatus.Suspended, false)]
    [InlineData(HealthStatus.Progressing, HealthStatus.Progressing, false)]
    public void IsWorse_FollowsHealthOrder(HealthStatus a, HealthStatus b, bool expected)
    {
        Assert.Equal(expected, HealthRules.IsWorse(a, b));
    }

    [Fact]
    public void Worst_MixedStatuses_ReturnsTheWorst()
    {
        Assert.Equal(HealthStatus.Degraded,
            HealthRules.Worst([HealthStatus.Healthy, HealthStatus.Degraded, HealthStatus.Progressing, HealthStatus.Missing]));
    }

    [Fact]
    public void Worst_Empty_Healthy()
    {
        Assert.Equal(HealthStatus.Healthy, HealthRules.Worst([]));
    }

    private static JsonObject Deployment(int generation, int replicas, string status) => (JsonObject)JsonNode.Parse($$$"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop","generation":{{{generation}}}},
         "spec":{"replicas":{{{replicas}}}},"status":{{{status}}}}
        """)!;

    private static HealthAssessment Assess(string json) => HealthRules.Assess((JsonObject)JsonNode.Parse(json)!);
}
