using System.Text.Json.Nodes;
using Fleet.Engine.Diff;

namespace Fleet.Engine.Tests.Diff;

public class ManifestDiffTests
{
    private const string Manager = "fleet";

    [Fact]
    public void Compare_LiveMissing_ReportsWholeObjectAsMissing()
    {
        var diff = ManifestDiff.Compare(Deployment(), null, Manager);

        Assert.False(diff.InSync);
        var difference = Assert.Single(diff.Differences);
        Assert.Equal(".", difference.Path);
        Assert.Null(difference.Live);
        Assert.Contains("\"replicas\":3", difference.Desired);
    }

    [Fact]
    public void Compare_LiveHasServerFieldsDefaultsAndStatus_InSync()
    {
        var live = Deployment();
        live["metadata"]!["uid"] = "4b1c";
        live["metadata"]!["resourceVersion"] = "77";
        live["metadata"]!["generation"] = 2;
        live["spec"]!["progressDeadlineSeconds"] = 600;
        live["spec"]!["template"]!["spec"]!["containers"]![0]!["terminationMessagePath"] = "/dev/termination-log";
        live["status"] = Node("""{"replicas":3,"availableReplicas":3}""");

        Assert.True(ManifestDiff.Compare(Deployment(), live, Manager).InSync);
    }

    [Fact]
    public void Compare_ScalarChanged_ReportsPathAndBothValues()
    {
        var live = Deployment();
        live["spec"]!["replicas"] = 5;

        var difference = Assert.Single(ManifestDiff.Compare(Deployment(), live, Manager).Differences);

        Assert.Equal(new FieldDifference(".spec.replicas", "3", "5"), difference);
    }

    [Theory]
    [InlineData("\"500m\"", "\"0.5\"")]
    [InlineData("\"1Gi\"", "\"1024Mi\"")]
    [InlineData("\"1000m\"", "\"1\"")]
    [InlineData("\"2\"", "\"2.0\"")]
    [InlineData("2", "\"2\"")]
    [InlineData("\"0.5\"", "\"500m\"")]
    [InlineData("\"1e3\"", "\"1k\"")]
    public void Compare_EqualQuantitiesSpelledDifferently_InSync(string desiredCpu, string liveCpu)
    {
        var (desired, live) = WithContainerField("resources", $$$"""{"limits":{"cpu":{{{desiredCpu}}}}}""", $$$"""{"limits":{"cpu":{{{liveCpu}}}}}""");

        Assert.True(ManifestDiff.Compare(desired, live, Manager).InSync);
    }

    [Theory]
    [InlineData("\"500m\"", "\"0.6\"")]
    [InlineData("\"1Gi\"", "\"1G\"")]
    [InlineData("\"1\"", "\"1m\"")]
    public void Compare_DifferentQuantities_ReportsDifference(string desiredMemory, string liveMemory)
    {
        var (desired, live) = WithContainerField("resources", $$$"""{"requests":{"memory":{{{desiredMemory}}}}}""", $$$"""{"requests":{"memory":{{{liveMemory}}}}}""");

        var difference = Assert.Single(ManifestDiff.Compare(desired, live, Manager).Differences);

        Assert.Equal(".spec.template.spec.containers[name=web].resources.requests.memory", difference.Path);
    }

    [Fact]
    public void Compare_QuantitySpellingOutsideResourceFields_IsADifference()
    {
        var desired = Deployment();
        desired["metadata"]!["labels"]!["size"] = "1Gi";
        var live = Deployment();
        live["metadata"]!["labels"]!["size"] = "1024Mi";

        var difference = Assert.Single(ManifestDiff.Compare(desired, live, Manager).Differences);

        Assert.Equal(".metadata.labels.size", difference.Path);
    }

    [Fact]
    public void Compare_PersistentVolumeClaimStorageSpelledDifferently_InSync()
    {
        var desired = Json("""{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data"},"spec":{"resources":{"requests":{"storage":"1Gi"}}}}""");
        var live = Json("""{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data"},"spec":{"resources":{"requests":{"storage":"1073741824"}}},"status":{"capacity":{"storage":"1Gi"}}}""");

        Assert.True(ManifestDiff.Compare(desired, live, Manager).InSync);
    }

    [Theory]
    [InlineData("80", "\"80\"", true)]
    [InlineData("\"80\"", "80", true)]
    [InlineData("80", "80.0", true)]
    [InlineData("80", "\"8080\"", false)]
    [InlineData("\"http\"", "80", false)]
    public void Compare_IntOrStringPort_EqualOnlyWhenSameNumber(string desiredPort, string livePort, bool inSync)
    {
        var desired = Service($$"""[{"port":80,"targetPort":{{desiredPort}}}]""");
        var live = Service($$"""[{"port":80,"protocol":"TCP","targetPort":{{livePort}}}]""");

        var diff = ManifestDiff.Compare(desired, live, Manager);

        Assert.Equal(inSync, diff.InSync);
        if (!inSync)
        {
            Assert.Equal(".spec.ports[port=80,protocol=TCP].targetPort", Assert.Single(diff.Differences).Path);
        }
    }

    [Fact]
    public void Compare_IntegerAndEqualDecimal_InSync()
    {
        var live = Deployment();
        live["spec"]!["replicas"] = 3.0m;

        Assert.True(ManifestDiff.Compare(Deployment(), live, Manager).InSync);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("null")]
    public void Compare_EmptyOrNullDeclaredAndAbsentInLive_InSync(string declared)
    {
        var desired = Deployment();
        desired["spec"]!["template"]!["spec"]!["containers"]![0]!["securityContext"] = Node(declared);

        Assert.True(ManifestDiff.Compare(desired, Deployment(), Manager).InSync);
    }

    [Fact]
    public void Compare_EmptyStringDeclaredAndAbsentInLive_IsADifference()
    {
        var desired = Deployment();
        desired["spec"]!["template"]!["spec"]!["containers"]![0]!["workingDir"] = "";

        var difference = Assert.Single(ManifestDiff.Compare(desired, Deployment(), Manager).Differences);

        Assert.Equal(new FieldDifference(".spec.template.spec.containers[name=web].workingDir", "\"\"", null), difference);
    }

    [Fact]
    public void Compare_ContainersAndEnvInAnotherOrder_InSync()
    {
        const string Containers = """
            [{"name":"web","image":"web:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},
             {"name":"proxy","image":"envoy:1"}]
            """;
        const string Reordered = """
            [{"name":"proxy","image":"envoy:1"},
             {"name":"web","image":"web:1","env":[{"name":"B","value":"2"},{"name":"A","value":"1"}]}]
            """;
        var (desired, live) = WithPodSpecField("containers", Containers, Reordered);

        Assert.True(ManifestDiff.Compare(desired, live, Manager).InSync);
    }

    [Fact]
    public void Compare_EnvValueChangedInKeyedList_ReportsKeyedPath()
    {
        var (desired, live) = WithContainerField("env", """[{"name":"A","value":"1"},{"name":"B","value":"2"}]""",
            """[{"name":"B","value":"3"},{"name":"A","value":"1"}]""");

        var difference = Assert.Single(ManifestDiff.Compare(desired, live, Manager).Differences);

        Assert.Equal(new FieldDifference(".spec.template.spec.containers[name=web].env[name=B].value", "\"2\"", "\"3\""), difference);
    }

    [Fact]
    public void Compare_ContainerMissingInLive_ReportsTheItem()
    {
        var (desired, live) = WithPodSpecField("containers", """[{"name":"web","image":"web:1"},{"name":"proxy","image":"envoy:1"}]""",
            """[{"name":"web","image":"web:1"}]""");

        var difference = Assert.Single(ManifestDiff.Compare(desired, live, Manager).Differences);

        Assert.Equal(".spec.template.spec.containers[name=proxy]", difference.Path);
        Assert.Null(difference.Live);
    }

    [Fact]
    public void Compare_VolumesAndMountsInAnotherOrder_InSync()
    {
        var (desired, live) = WithContainerField("volumeMounts", """[{"name":"a","mountPath":"/a"},{"name":"b","mountPath":"/b"}]""",
            """[{"name":"b","mountPath":"/b","readOnly":false},{"name":"a","mountPath":"/a"}]""");
        desired["spec"]!["template"]!["spec"]!["volumes"] = Node("""[{"name":"a","emptyDir":{}},{"name":"b","emptyDir":{}}]""");
        live["spec"]!["template"]!["spec"]!["volumes"] = Node("""[{"name":"b","emptyDir":{}},{"name":"a","emptyDir":{}}]""");

        Assert.True(ManifestDiff.Compare(desired, live, Manager).InSync);
    }

    [Fact]
    public void Compare_ContainerPortsWithDefaultProtocolInAnotherOrder_InSync()
    {
        var (desired, live) = WithContainerField("ports", """[{"containerPort":8080,"name":"http"},{"containerPort":53,"protocol":"UDP"}]""",
            """[{"containerPort":53,"protocol":"UDP"},{"containerPort":8080,"name":"http","protocol":"TCP"}]""");

        Assert.True(ManifestDiff.Compare(desired, live, Manager).InSync);
    }

    [Fact]
    public void Compare_ServicePortOnlyWithOtherProtocol_ReportsMissingPort()
    {
        var desired = Service("""[{"port":53,"protocol":"UDP"},{"port":80}]""");
        var live = Service("""[{"port":80,"protocol":"TCP"},{"port":53,"protocol":"TCP"}]""");

        var difference = Assert.Single(ManifestDiff.Compare(desired, live, Manager).Differences);

        Assert.Equal(".spec.ports[port=53,protocol=UDP]", difference.Path);
    }

    [Fact]
    public void Compare_ListWithoutMergeKeyInAnotherOrder_ReportsWholeList()
    {
        var (desired, live) = WithContainerField("args", """["--a","--b"]""", """["--b","--a"]""");

        var difference = Assert.Single(ManifestDiff.Compare(desired, live, Manager).Differences);

        Assert.Equal(new FieldDifference(".spec.template.spec.containers[name=web].args", """["--a","--b"]""", """["--b","--a"]"""), difference);
    }

    [Fact]
    public void Compare_ListWithoutMergeKeyWithEqualNormalizedItems_InSync()
    {
        var (desired, live) = WithPodSpecField("tolerations", """[{"key":"gpu","operator":"Exists","tolerationSeconds":30}]""",
            """[{"effect":"","key":"gpu","operator":"Exists","tolerationSeconds":30.0}]""");

        Assert.True(ManifestDiff.Compare(desired, live, Manager).InSync);
    }

    [Fact]
    public void Compare_MapKeysInAnotherOrder_InSync()
    {
        var desired = Json("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"1","b":"2"}},"data":{"x":"1","y":"2"}}""");
        var live = Json("""{"kind":"ConfigMap","data":{"y":"2","x":"1"},"metadata":{"labels":{"b":"2","a":"1"},"name":"c"},"apiVersion":"v1"}""");

        Assert.True(ManifestDiff.Compare(desired, live, Manager).InSync);
    }

    [Fact]
    public void Compare_SecretStringDataMatchingLiveData_InSync()
    {
        var desired = Json("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"stringData":{"password":"hunter2"},"data":{"user":"YWRtaW4="}}""");
        var live = Json("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"type":"Opaque","data":{"password":"aHVudGVyMg==","user":"YWRtaW4="}}""");

        Assert.True(ManifestDiff.Compare(desired, live, Manager).InSync);
    }

    [Fact]
    public void Compare_SecretStringDataDifferingFromLiveData_ReportsDataField()
    {
        var desired = Json("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"stringData":{"password":"hunter3"}}""");
        var live = Json("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"password":"aHVudGVyMg=="}}""");

        var difference = Assert.Single(ManifestDiff.Compare(desired, live, Manager).Differences);

        Assert.Equal(".data.password", difference.Path);
    }

    [Fact]
    public void Compare_DesiredCarriesStatusServerMetadataAndLastApplied_InSync()
    {
        var desired = Deployment();
        desired["metadata"]!["uid"] = "other-uid";
        desired["metadata"]!["resourceVersion"] = "1";
        desired["metadata"]!["generation"] = 9;
        desired["metadata"]!["creationTimestamp"] = "2020-01-01T00:00:00Z";
        desired["metadata"]!["selfLink"] = "/apis/apps/v1/namespaces/shop/deployments/web";
        desired["metadata"]!["managedFields"] = Node("""[{"manager":"kubectl"}]""");
        desired["metadata"]!["annotations"] = Node("""{"kubectl.kubernetes.io/last-applied-configuration":"{\"old\":true}"}""");
        desired["status"] = Node("""{"replicas":0}""");

        Assert.True(ManifestDiff.Compare(desired, Deployment(), Manager).InSync);
    }

    [Fact]
    public void Compare_AnnotationWithDottedKeyChanged_QuotesTheKeyInThePath()
    {
        var desired = Deployment();
        desired["metadata"]!["annotations"] = Node("""{"fleet.io/owner":"team-a"}""");
        var live = Deployment();
        live["metadata"]!["annotations"] = Node("""{"fleet.io/owner":"team-b"}""");

        var difference = Assert.Single(ManifestDiff.Compare(desired, live, Manager).Differences);

        Assert.Equal(".metadata.annotations[\"fleet.io/owner\"]", difference.Path);
    }

    [Fact]
    public void Compare_FieldFleetAppliedButGitRemoved_ReportsRemoval()
    {
        var live = Deployment();
        live["metadata"]!["labels"]!["team"] = "payments";
        live["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Add(Json("""{"name":"proxy","image":"envoy:1"}"""));
        live["metadata"]!["managedFields"] = Node("""
            [{"manager":"fleet","operation":"Apply","apiVersion":"apps/v1","fieldsType":"FieldsV1","fieldsV1":
              {"f:metadata":{"f:labels":{"f:app":{},"f:team":{}}},
               "f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{
                 "k:{\"name\":\"web\"}":{".":{},"f:image":{},"f:name":{}},
                 "k:{\"name\":\"proxy\"}":{".":{},"f:image":{},"f:name":{}}}}}}}}]
            """);

        var diff = ManifestDiff.Compare(Deployment(), live, Manager);

        Assert.False(diff.InSync);
        Assert.Equal(
            [
                new FieldDifference(".metadata.labels.team", null, "\"payments\""),
                new FieldDifference(".spec.template.spec.containers[name=proxy]", null, """{"name":"proxy","image":"envoy:1"}"""),
            ],
            diff.Differences);
    }

    [Fact]
    public void Compare_FieldOwnedByAnotherManagerOrByFleetUpdate_Ignored()
    {
        var live = Deployment();
        live["metadata"]!["labels"]!["team"] = "payments";
        live["metadata"]!["managedFields"] = Node("""
            [{"manager":"kubectl","operation":"Apply","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{"f:team":{}}}}},
             {"manager":"fleet","operation":"Update","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{"f:team":{}}}}},
             {"manager":"fleet","operation":"Apply","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{"f:app":{}}}}}]
            """);

        Assert.True(ManifestDiff.Compare(Deployment(), live, Manager).InSync);
    }

    [Fact]
    public void CompareApplied_AnswerStillNamingAFieldGitRemoved_NotARemoval()
    {
        // Only the answer to another manager's write could look like this; after Fleet's own apply the server has
        // dropped the field, so the comparison of an apply's answer does not look for removals.
        var applied = Deployment();
        applied["metadata"]!["labels"]!["team"] = "payments";
        applied["metadata"]!["managedFields"] = Node("""
            [{"manager":"fleet","operation":"Apply","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{"f:app":{},"f:team":{}}}}}]
            """);

        Assert.False(ManifestDiff.Compare(Deployment(), applied, Manager).InSync);
        Assert.True(ManifestDiff.CompareApplied(Deployment(), applied).InSync);
    }

    [Fact]
    public void CompareApplied_ServerRewroteADeclaredField_ReportsIt()
    {
        var applied = Deployment();
        applied["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "mirror.internal/web:1";
        applied["status"] = Node("""{"replicas":3}""");

        var difference = Assert.Single(ManifestDiff.CompareApplied(Deployment(), applied).Differences);

        Assert.Equal(".spec.template.spec.containers[name=web].image", difference.Path);
    }

    [Fact]
    public void CompareApplied_SecretStringData_ComparedAsTheDataTheServerStores()
    {
        var desired = Json("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db"},"stringData":{"password":"s3cret"}}""");
        var applied = Json("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","resourceVersion":"4"},"data":{"password":"czNjcmV0"}}""");

        Assert.True(ManifestDiff.CompareApplied(desired, applied).InSync);
        applied["data"]!["password"] = "b3RoZXI=";
        Assert.Equal(".data.password", Assert.Single(ManifestDiff.CompareApplied(desired, applied).Differences).Path);
    }

    [Fact]
    public void Render_Differences_WritesHunksWithLiveAndDesiredLines()
    {
        var live = Deployment();
        live["spec"]!["replicas"] = 5;

        var text = ManifestDiff.Render(Deployment(), live, Manager);

        Assert.Equal(
            "--- live apps/v1 Deployment shop/web\n+++ desired apps/v1 Deployment shop/web\n@@ .spec.replicas @@\n-5\n+3\n",
            text);
    }

    [Fact]
    public void Render_InSync_IsEmpty()
    {
        Assert.Equal("", ManifestDiff.Render(Deployment(), Deployment(), Manager));
    }

    [Fact]
    public void Render_LiveMissing_ShowsWholeDesiredObjectAsAdded()
    {
        var lines = ManifestDiff.Render(Deployment(), null, Manager).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("@@ . @@", lines[2]);
        Assert.All(lines.Skip(3), line => Assert.StartsWith("+", line));
        Assert.Contains("+    \"replicas\": 3,", lines);
    }

    private static JsonObject Deployment() => Json("""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop","labels":{"app":"web"}},
         "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":{"app":"web"}},
                             "spec":{"containers":[{"name":"web","image":"web:1"}]}}}}
        """);

    private static JsonObject Service(string ports) => Json($$$"""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"shop"},
         "spec":{"selector":{"app":"web"},"ports":{{{ports}}}}}
        """);

    private static (JsonObject Desired, JsonObject Live) WithContainerField(string field, string desiredJson, string liveJson)
    {
        var desired = Deployment();
        desired["spec"]!["template"]!["spec"]!["containers"]![0]![field] = Node(desiredJson);
        var live = Deployment();
        live["spec"]!["template"]!["spec"]!["containers"]![0]![field] = Node(liveJson);
        return (desired, live);
    }

    private static (JsonObject Desired, JsonObject Live) WithPodSpecField(string field, string desiredJson, string liveJson)
    {
        var desired = Deployment();
        desired["spec"]!["template"]!["spec"]![field] = Node(desiredJson);
        var live = Deployment();
        live["spec"]!["template"]!["spec"]![field] = Node(liveJson);
        return (desired, live);
    }

    private static JsonObject Json(string json) => (JsonObject)JsonNode.Parse(json)!;

    private static JsonNode? Node(string json) => JsonNode.Parse(json);
}
