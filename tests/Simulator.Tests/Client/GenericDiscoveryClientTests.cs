using Fleet.Simulator.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Fleet.Simulator.Tests.Client;

/// <summary>
/// Fleet applies manifests of any kind: it maps group and kind to a resource through discovery and then talks to
/// it with <see cref="GenericClient"/>. These tests do the same against a virtual cluster.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class GenericDiscoveryClientTests(SimulatorFixture fixture)
{
    [Fact]
    public async Task Discovery_BuiltInKinds_MapToPluralAndScope()
    {
        using var client = Clients.For(fixture.NewCluster());

        var mapper = await RestMapper.DiscoverAsync(client);

        Assert.Equal(new RestMapping("", "v1", "configmaps", true), mapper.Find("", "ConfigMap"));
        Assert.Equal(new RestMapping("", "v1", "namespaces", false), mapper.Find("", "Namespace"));
        Assert.Equal(new RestMapping("apps", "v1", "deployments", true), mapper.Find("apps", "Deployment"));
        Assert.Equal(new RestMapping("networking.k8s.io", "v1", "ingresses", true), mapper.Find("networking.k8s.io", "Ingress"));
        Assert.Equal(new RestMapping("rbac.authorization.k8s.io", "v1", "clusterroles", false), mapper.Find("rbac.authorization.k8s.io", "ClusterRole"));
        Assert.Equal(new RestMapping("apiextensions.k8s.io", "v1", "customresourcedefinitions", false),
            mapper.Find("apiextensions.k8s.io", "CustomResourceDefinition"));
    }

    [Fact]
    public async Task GenericClient_ConfigMapThroughCoreGroup_CreatesListsAndReads()
    {
        using var client = Clients.For(fixture.NewCluster());
        var mapper = await RestMapper.DiscoverAsync(client);
        using var configMaps = mapper.ClientFor(client, "", "ConfigMap");

        var created = await configMaps.CreateNamespacedAsync(Models.ConfigMap("generic"), Clients.Default);
        var list = await configMaps.ListNamespacedAsync<V1ConfigMapList>(Clients.Default);
        var read = await configMaps.ReadNamespacedAsync<V1ConfigMap>(Clients.Default, "generic");

        Assert.Equal(created.Metadata.Uid, read.Metadata.Uid);
        Assert.Contains(list.Items, c => c.Metadata.Name == "generic");
        Assert.Equal("v", read.Data["k"]);
    }

    [Fact]
    public async Task GenericClient_IngressInNetworkingGroup_CreatesListsAndReads()
    {
        using var client = Clients.For(fixture.NewCluster());
        var mapper = await RestMapper.DiscoverAsync(client);
        using var ingresses = mapper.ClientFor(client, "networking.k8s.io", "Ingress");
        var ingress = new V1Ingress
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "Ingress",
            Metadata = new V1ObjectMeta { Name = "site" },
            Spec = new V1IngressSpec
            {
                Rules =
                [
                    new V1IngressRule
                    {
                        Host = "site.example.com",
                        Http = new V1HTTPIngressRuleValue
                        {
                            Paths =
                            [
                                new V1HTTPIngressPath
                                {
                                    Path = "/",
                                    PathType = "Prefix",
                                    Backend = new V1IngressBackend { Service = new V1IngressServiceBackend { Name = "web", Port = new V1ServiceBackendPort { Number = 80 } } },
                                },
                            ],
                        },
                    },
                ],
            },
        };

        await ingresses.CreateNamespacedAsync(ingress, Clients.Default);
        var list = await ingresses.ListNamespacedAsync<V1IngressList>(Clients.Default);
        var read = await ingresses.ReadNamespacedAsync<V1Ingress>(Clients.Default, "site");

        Assert.Equal(["site"], list.Items.Select(i => i.Metadata.Name));
        Assert.Equal("site.example.com", read.Spec.Rules[0].Host);
        Assert.Equal(80, read.Spec.Rules[0].Http.Paths[0].Backend.Service.Port.Number);
    }

    [Fact]
    public async Task GenericClient_ClusterRoleClusterScoped_CreatesListsAndReads()
    {
        using var client = Clients.For(fixture.NewCluster());
        var mapper = await RestMapper.DiscoverAsync(client);
        using var roles = mapper.ClientFor(client, "rbac.authorization.k8s.io", "ClusterRole");
        var role = new V1ClusterRole
        {
            ApiVersion = "rbac.authorization.k8s.io/v1",
            Kind = "ClusterRole",
            Metadata = new V1ObjectMeta { Name = "fleet-reader" },
            Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["configmaps"], Verbs = ["get", "list", "watch"] }],
        };

        await roles.CreateAsync(role);
        var list = await roles.ListAsync<V1ClusterRoleList>();
        var read = await roles.ReadAsync<V1ClusterRole>("fleet-reader");

        Assert.Contains(list.Items, r => r.Metadata.Name == "fleet-reader");
        Assert.Null(read.Metadata.NamespaceProperty);
        Assert.Equal(["get", "list", "watch"], read.Rules[0].Verbs);
    }

    [Fact]
    public async Task GenericClient_CustomResourceDefinitionCreated_ServesItsKindOnceDiscoveryShowsIt()
    {
        var cluster = fixture.NewCluster();
        using var client = Clients.For(cluster);
        var mapper = await RestMapper.DiscoverAsync(client);
        using var definitions = mapper.ClientFor(client, "apiextensions.k8s.io", "CustomResourceDefinition");

        await definitions.CreateAsync(WidgetDefinition());
        var read = await definitions.ReadAsync<V1CustomResourceDefinition>($"widgets.{Widget.Group}");
        // A real API server establishes a CRD asynchronously; a client waits until discovery serves the kind.
        // Needs the CRD type builder (merged with the controllers): until then the kind never appears.
        var refreshed = await TestCluster.EventuallyAsync(
            () => RestMapper.DiscoverAsync(client),
            m => m.TryFind(Widget.Group, "Widget", out _));
        Assert.True(refreshed.TryFind(Widget.Group, "Widget", out var mapping), "Widget never appeared in discovery");
        using var widgets = refreshed.ClientFor(client, Widget.Group, "Widget");
        await widgets.CreateNamespacedAsync(new Widget { Metadata = new V1ObjectMeta { Name = "w1" }, Spec = new WidgetSpec { Size = 3, Color = "blue" } }, Clients.Default);
        var widget = await widgets.ReadNamespacedAsync<Widget>(Clients.Default, "w1");
        var list = await widgets.ListNamespacedAsync<WidgetList>(Clients.Default);

        Assert.Equal("Widget", read.Spec.Names.Kind);
        Assert.Equal(new RestMapping(Widget.Group, "v1", "widgets", true), mapping);
        Assert.Equal(3, widget.Spec?.Size);
        Assert.Equal("blue", widget.Spec?.Color);
        Assert.False(string.IsNullOrEmpty(widget.Metadata.Uid));
        Assert.Equal(["w1"], list.Items.Select(w => w.Metadata.Name));
    }

    private static V1CustomResourceDefinition WidgetDefinition() => new()
    {
        ApiVersion = "apiextensions.k8s.io/v1",
        Kind = "CustomResourceDefinition",
        Metadata = new V1ObjectMeta { Name = $"widgets.{Widget.Group}" },
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = Widget.Group,
            Scope = "Namespaced",
            Names = new V1CustomResourceDefinitionNames { Kind = "Widget", ListKind = "WidgetList", Plural = "widgets", Singular = "widget" },
            Versions =
            [
                new V1CustomResourceDefinitionVersion
                {
                    Name = "v1",
                    Served = true,
                    Storage = true,
                    Schema = new V1CustomResourceValidation
                    {
                        OpenAPIV3Schema = new V1JSONSchemaProps
                        {
                            Type = "object",
                            Properties = new Dictionary<string, V1JSONSchemaProps>
                            {
                                ["spec"] = new()
                                {
                                    Type = "object",
                                    Properties = new Dictionary<string, V1JSONSchemaProps>
                                    {
                                        ["size"] = new() { Type = "integer" },
                                        ["color"] = new() { Type = "string" },
                                    },
                                },
                            },
                        },
                    },
                },
            ],
        },
    };
}
