using System.Globalization;
using System.Text.Json.Nodes;
using Fleet.Simulator.Model;
using Fleet.Simulator.Tables;

namespace Fleet.Simulator.Tests.Tables;

public class TableConverterTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2024-05-01T12:05:30Z", CultureInfo.InvariantCulture);

    private static readonly JsonObject Deployment = Parse("""
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"web","namespace":"shop","creationTimestamp":"2024-05-01T12:00:00Z","uid":"u1","resourceVersion":"7"},
         "spec":{"replicas":3,"selector":{"matchLabels":{"tier":"front","app":"web"}},
           "template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"},{"name":"sidecar","image":"envoy:1"}]}}},
         "status":{"replicas":3,"readyReplicas":2,"updatedReplicas":3,"availableReplicas":2}}
        """);

    [Theory]
    [InlineData("application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json", true)]
    [InlineData("application/json;as=Table;v=v1beta1;g=meta.k8s.io", true)]
    [InlineData("application/json;as=Table;v=v2;g=meta.k8s.io", false)]
    [InlineData("application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io", false)]
    [InlineData("application/json", false)]
    [InlineData(null, false)]
    public void WantsTable_AcceptHeader_DetectsTableRequest(string? accept, bool expected) =>
        Assert.Equal(expected, TableConverter.WantsTable(accept));

    [Fact]
    public void ToTable_Deployment_HasKubectlColumnsAndCells()
    {
        var table = TableConverter.ToTable(BuiltInTypes.Deployment, [Deployment], "42", TableObjectMode.Metadata, true, Now);

        Assert.Equal("Table", (string?)table["kind"]);
        Assert.Equal("meta.k8s.io/v1", (string?)table["apiVersion"]);
        Assert.Equal("42", (string?)table["metadata"]!["resourceVersion"]);
        var columns = table["columnDefinitions"]!.AsArray();
        Assert.Equal(["Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector"],
            columns.Select(c => (string)c!["name"]!));
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1], columns.Select(c => (int)c!["priority"]!));
        Assert.Equal("name", (string?)columns[0]!["format"]);
        Assert.Equal("integer", (string?)columns[2]!["type"]);
        Assert.All(columns, c => Assert.NotNull(c!["description"]));

        var row = Assert.Single(table["rows"]!.AsArray())!;
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""["web","2/3",3,2,"5m30s","nginx,sidecar","nginx:1.27,envoy:1","app=web,tier=front"]"""),
            row["cells"]), row["cells"]!.ToJsonString());
    }

    [Fact]
    public void ToTable_MetadataMode_RowObjectIsPartialObjectMetadata()
    {
        var row = TableConverter.ToTable(BuiltInTypes.Deployment, [Deployment], "1", TableObjectMode.Metadata, true, Now)["rows"]![0]!;

        Assert.Equal("PartialObjectMetadata", (string?)row["object"]!["kind"]);
        Assert.Equal("meta.k8s.io/v1", (string?)row["object"]!["apiVersion"]);
        Assert.True(JsonNode.DeepEquals(Deployment["metadata"], row["object"]!["metadata"]));
        Assert.Null(row["object"]!["spec"]);
    }

    [Fact]
    public void ToTable_ObjectMode_RowObjectIsFullObjectCopy()
    {
        var row = TableConverter.ToTable(BuiltInTypes.Deployment, [Deployment], "1", TableObjectMode.Object, true, Now)["rows"]![0]!;

        Assert.True(JsonNode.DeepEquals(Deployment, row["object"]));
        Assert.NotSame(Deployment, row["object"]);
    }

    [Fact]
    public void ToTable_NoneModeWithoutDefinitions_HasCellsOnly()
    {
        var table = TableConverter.ToTable(BuiltInTypes.Deployment, [Deployment], "1", TableObjectMode.None, false, Now);

        Assert.Empty(table["columnDefinitions"]!.AsArray());
        Assert.False(table["rows"]![0]!.AsObject().ContainsKey("object"));
        Assert.Equal(8, table["rows"]![0]!["cells"]!.AsArray().Count);
    }

    [Fact]
    public void ToTable_SeveralObjects_KeepsInputOrder()
    {
        var other = Deployment.DeepClone().AsObject();
        other["metadata"]!["name"] = "api";

        var rows = TableConverter.ToTable(BuiltInTypes.Deployment, [Deployment, other], "1", TableObjectMode.None, true, Now)["rows"]!.AsArray();

        Assert.Equal(["web", "api"], rows.Select(r => (string)r!["cells"]![0]!));
    }

    [Fact]
    public void ToTable_DeploymentWithoutStatus_ShowsZeros()
    {
        var fresh = Parse("""{"metadata":{"name":"new","creationTimestamp":"2024-05-01T12:05:00Z"},"spec":{"replicas":2}}""");

        var cells = Cells(BuiltInTypes.Deployment, fresh);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["new","0/2",0,0,"30s","","","<none>"]"""), cells), cells.ToJsonString());
    }

    [Fact]
    public void ToTable_LoadBalancerService_ShowsTypeAddressesAndPorts()
    {
        var service = Parse("""
            {"metadata":{"name":"front","creationTimestamp":"2024-05-01T09:00:00Z"},
             "spec":{"type":"LoadBalancer","clusterIP":"10.96.0.12","clusterIPs":["10.96.0.12"],"selector":{"app":"web"},
               "ports":[{"port":80,"protocol":"TCP","nodePort":30080},{"port":53,"protocol":"UDP"}]},
             "status":{"loadBalancer":{"ingress":[{"ip":"203.0.113.7","ipMode":"VIP"}]}}}
            """);

        var table = TableConverter.ToTable(BuiltInTypes.Service, [service], "1", TableObjectMode.None, true, Now);

        Assert.Equal(["Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector"],
            table["columnDefinitions"]!.AsArray().Select(c => (string)c!["name"]!));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""["front","LoadBalancer","10.96.0.12","203.0.113.7","80:30080/TCP,53/UDP","3h5m","app=web"]"""),
            table["rows"]![0]!["cells"]), table["rows"]![0]!["cells"]!.ToJsonString());
    }

    [Fact]
    public void ToTable_MinimalService_RendersNone()
    {
        var service = Parse("""{"metadata":{"name":"bare","creationTimestamp":"2024-05-01T12:00:00Z"},"spec":{}}""");

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""["bare","ClusterIP","<none>","<none>","<none>","5m30s","<none>"]"""),
            Cells(BuiltInTypes.Service, service)));
    }

    [Fact]
    public void ToTable_PendingLoadBalancer_ShowsPending()
    {
        var service = Parse("""{"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","ports":[{"port":443,"protocol":"TCP"}]}}""");

        var cells = Cells(BuiltInTypes.Service, service);

        Assert.Equal("<pending>", (string?)cells[3]);
        Assert.Equal("<unknown>", (string?)cells[5]);
    }

    [Fact]
    public void ToTable_CustomTypeWithPrinterColumns_EvaluatesJsonPaths()
    {
        var type = new ResourceType
        {
            Group = "example.com", Version = "v1", Kind = "Widget", Plural = "widgets", Singular = "widget",
            Namespaced = true, IsCustom = true,
            PrinterColumns =
            [
                new PrinterColumn("Size", "integer", ".spec.size", Description: "Widget size"),
                new PrinterColumn("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status"),
                new PrinterColumn("Paused", "boolean", ".spec.paused"),
                new PrinterColumn("Owner", "string", ".spec.owner", Priority: 1),
                new PrinterColumn("Synced", "date", ".status.lastSync"),
            ],
        };
        var widget = Parse("""
            {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1","creationTimestamp":"2024-04-29T12:00:00Z"},
             "spec":{"size":3,"paused":false},
             "status":{"lastSync":"2024-05-01T12:05:00Z","conditions":[{"type":"Ready","status":"True"}]}}
            """);

        var table = TableConverter.ToTable(type, [widget], "9", TableObjectMode.None, true, Now);

        var columns = table["columnDefinitions"]!.AsArray();
        Assert.Equal(["Name", "Size", "Ready", "Paused", "Owner", "Synced", "Age"], columns.Select(c => (string)c!["name"]!));
        Assert.Equal("Widget size", (string?)columns[1]!["description"]);
        Assert.Equal(1, (int)columns[4]!["priority"]!);
        Assert.Equal("date", (string?)columns[5]!["type"]);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""["w1",3,"True",false,null,"30s","2d"]"""),
            table["rows"]![0]!["cells"]), table["rows"]![0]!["cells"]!.ToJsonString());
    }

    [Fact]
    public void ToTable_CustomTypeWithOwnAgeColumn_DoesNotAddAnother()
    {
        var type = new ResourceType
        {
            Group = "example.com", Version = "v1", Kind = "Widget", Plural = "widgets", Singular = "widget",
            Namespaced = true, IsCustom = true,
            PrinterColumns = [new PrinterColumn("Age", "date", ".metadata.creationTimestamp")],
        };

        var table = TableConverter.ToTable(type, [Parse("""{"metadata":{"name":"w","creationTimestamp":"2024-05-01T12:05:00Z"}}""")], "1", TableObjectMode.None, true, Now);

        Assert.Equal(["Name", "Age"], table["columnDefinitions"]!.AsArray().Select(c => (string)c!["name"]!));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["w","30s"]"""), table["rows"]![0]!["cells"]));
    }

    [Fact]
    public void ToTable_CustomTypeWithoutPrinterColumns_IsNameAndAge()
    {
        var type = new ResourceType
        {
            Group = "example.com", Version = "v1", Kind = "Gadget", Plural = "gadgets", Singular = "gadget", Namespaced = false, IsCustom = true,
        };

        var table = TableConverter.ToTable(type, [Parse("""{"metadata":{"name":"g","creationTimestamp":"2024-05-01T11:00:00Z"}}""")], "1", TableObjectMode.None, true, Now);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["g","65m"]"""), table["rows"]![0]!["cells"]));
    }

    [Fact]
    public void ToTable_RunningPodWithRestart_ShowsReadyStatusAndRestarts()
    {
        var pod = Parse("""
            {"metadata":{"name":"web-1","creationTimestamp":"2024-05-01T11:00:00Z"},
             "spec":{"nodeName":"node-a","containers":[{"name":"a"},{"name":"b"}]},
             "status":{"phase":"Running","podIP":"10.1.0.5","containerStatuses":[
               {"name":"a","ready":true,"restartCount":2,"state":{"running":{}},"lastState":{"terminated":{"finishedAt":"2024-05-01T12:00:30Z"}}},
               {"name":"b","ready":false,"restartCount":0,"state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}}
            """);

        var cells = Cells(BuiltInTypes.Pod, pod);

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""["web-1","1/2","CrashLoopBackOff","2 (5m ago)","65m","10.1.0.5","node-a","<none>","<none>"]"""),
            cells), cells.ToJsonString());
    }

    [Fact]
    public void ToTable_DeletedPod_IsTerminating()
    {
        var pod = Parse("""{"metadata":{"name":"p","deletionTimestamp":"2024-05-01T12:05:00Z"},"spec":{"containers":[{"name":"a"}]},"status":{"phase":"Running"}}""");

        Assert.Equal("Terminating", (string?)Cells(BuiltInTypes.Pod, pod)[2]);
    }

    [Fact]
    public void ToTable_CompletedJob_ShowsStatusCompletionsDuration()
    {
        var job = Parse("""
            {"metadata":{"name":"migrate","creationTimestamp":"2024-05-01T12:00:00Z"},"spec":{"completions":1},
             "status":{"succeeded":1,"startTime":"2024-05-01T12:00:00Z","completionTime":"2024-05-01T12:00:12Z",
               "conditions":[{"type":"SuccessCriteriaMet","status":"True"},{"type":"Complete","status":"True"}]}}
            """);

        var cells = Cells(BuiltInTypes.Job, job);

        Assert.Equal(["migrate", "Complete", "1/1", "12s", "5m30s"], cells.Take(5).Select(c => (string)c!));
    }

    [Fact]
    public void ToTable_CronJob_ShowsScheduleSuspendActive()
    {
        var cronJob = Parse("""
            {"metadata":{"name":"nightly","creationTimestamp":"2024-05-01T12:00:00Z"},"spec":{"schedule":"0 2 * * *","suspend":false},
             "status":{"active":[{"name":"nightly-1"}]}}
            """);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["nightly","0 2 * * *","False",1,"<none>","5m30s"]"""),
            new JsonArray([.. Cells(BuiltInTypes.CronJob, cronJob).Take(6).Select(c => c?.DeepClone())])));
    }

    [Fact]
    public void ToTable_ConfigMapSecretNamespace_CountAndPhaseColumns()
    {
        var configMap = Parse("""{"metadata":{"name":"cfg"},"data":{"a":"1","b":"2"},"binaryData":{"c":"AA=="}}""");
        var secret = Parse("""{"metadata":{"name":"tls"},"type":"kubernetes.io/tls","data":{"tls.crt":"","tls.key":""}}""");
        var ns = Parse("""{"metadata":{"name":"shop"},"status":{"phase":"Active"}}""");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["cfg",3,"<unknown>"]"""), Cells(BuiltInTypes.ConfigMap, configMap)));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["tls","kubernetes.io/tls",2,"<unknown>"]"""), Cells(BuiltInTypes.Secret, secret)));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["shop","Active","<unknown>"]"""), Cells(BuiltInTypes.Namespace, ns)));
    }

    [Fact]
    public void ToTable_CustomResourceDefinition_IsNameAndCreatedAt()
    {
        var crd = Parse("""{"metadata":{"name":"widgets.example.com","creationTimestamp":"2024-05-01T12:00:00Z"}}""");

        var table = TableConverter.ToTable(BuiltInTypes.CustomResourceDefinition, [crd], "1", TableObjectMode.None, true, Now);

        Assert.Equal(["Name", "Created At"], table["columnDefinitions"]!.AsArray().Select(c => (string)c!["name"]!));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["widgets.example.com","2024-05-01T12:00:00Z"]"""), table["rows"]![0]!["cells"]));
    }

    [Fact]
    public void ToTable_PersistentVolumeClaimBound_ShowsVolumeCapacityModes()
    {
        var claim = Parse("""
            {"metadata":{"name":"data"},"spec":{"volumeName":"pv-1","storageClassName":"standard","volumeMode":"Filesystem"},
             "status":{"phase":"Bound","capacity":{"storage":"1Gi"},"accessModes":["ReadWriteMany","ReadWriteOnce"]}}
            """);

        var cells = Cells(BuiltInTypes.PersistentVolumeClaim, claim);

        Assert.Equal(["data", "Bound", "pv-1", "1Gi", "RWO,RWX", "standard"], cells.Take(6).Select(c => (string)c!));
    }

    [Fact]
    public void ToTable_IngressWithTls_ShowsHostsAndPorts()
    {
        var ingress = Parse("""
            {"metadata":{"name":"shop"},"spec":{"ingressClassName":"nginx","tls":[{"hosts":["a.example"]}],
              "rules":[{"host":"a.example"},{"host":"b.example"}]},
             "status":{"loadBalancer":{"ingress":[{"hostname":"lb.example"}]}}}
            """);

        Assert.Equal(["shop", "nginx", "a.example,b.example", "lb.example", "80, 443"], Cells(BuiltInTypes.Ingress, ingress).Take(5).Select(c => (string)c!));
    }

    [Fact]
    public void ToTable_OtherBuiltIn_IsNameAndAge() =>
        Assert.Equal(2, Cells(BuiltInTypes.ServiceAccount with { Kind = "Lease", Group = "coordination.k8s.io" }, Parse("""{"metadata":{"name":"x"}}""")).Count);

    private static JsonArray Cells(ResourceType type, JsonObject obj) =>
        TableConverter.ToTable(type, [obj], "1", TableObjectMode.None, true, Now)["rows"]![0]!["cells"]!.AsArray();

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
