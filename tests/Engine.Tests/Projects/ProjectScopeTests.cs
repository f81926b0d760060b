using Fleet.Engine.Projects;
using Fleet.Kubernetes.Objects;
using Fleet.Kubernetes.Selectors;

namespace Fleet.Engine.Tests.Projects;

public class ProjectScopeTests
{
    private static readonly Dictionary<string, string> Prod = new() { ["env"] = "prod" };

    // The shop project of the issue: shop-* repositories, shop-* namespaces on every cluster, Namespaces allowed,
    // RBAC refused inside namespaces.
    private static readonly ProjectRules Shop = new()
    {
        Name = "shop",
        SourceRepositories = ["shop-*"],
        Destinations = [new ProjectDestination { Cluster = "*", Namespace = "shop-*" }],
        ClusterResources = [new KindPattern("", "Namespace")],
        NamespaceResourcesDenied = [new KindPattern("rbac.authorization.k8s.io", "*")],
    };

    private static ObjectRef Deployment(string ns) => new("apps/v1", "Deployment", ns, "web");

    [Theory]
    [InlineData("shop-web", true)]
    [InlineData("shop-", true)]
    [InlineData("billing", false)]
    [InlineData("shop", false)]
    public void RepositoryViolation_ByGlob(string repository, bool allowed)
    {
        var violation = ProjectScope.RepositoryViolation(Shop, repository);

        Assert.Equal(allowed, violation is null);
        if (!allowed)
        {
            Assert.Contains($"repository \"{repository}\" is not in project shop's sourceRepositories (shop-*)", violation, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Check_ObjectsInAllowedNamespace_NoViolation()
    {
        var objects = new[] { Deployment("shop-a"), new ObjectRef("v1", "ConfigMap", "shop-b", "settings"), new ObjectRef("v1", "Namespace", null, "shop-a") };

        Assert.Empty(ProjectScope.Check(Shop, "c1", Prod, objects));
    }

    [Fact]
    public void Check_ClusterRoleBinding_RefusedByClusterResources()
    {
        var binding = new ObjectRef("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", null, "take-over");

        var violation = Assert.Single(ProjectScope.Check(Shop, "c1", Prod, [Deployment("shop-a"), binding]));

        Assert.Equal(binding, violation.Object);
        Assert.Equal("cluster-scoped kind rbac.authorization.k8s.io/ClusterRoleBinding is not in project shop's clusterResources", violation.Rule);
    }

    [Fact]
    public void Check_NoClusterResources_EveryClusterScopedKindRefused()
    {
        var strict = Shop with { ClusterResources = [] };

        var violations = ProjectScope.Check(strict, "c1", Prod, [new ObjectRef("v1", "Namespace", null, "shop-a"), new ObjectRef("storage.k8s.io/v1", "StorageClass", null, "fast")]);

        Assert.Equal(2, violations.Count);
    }

    [Fact]
    public void Check_ClusterResourcesGlob_AllowsEveryKindOfTheGroup()
    {
        var rbac = Shop with { ClusterResources = [new KindPattern("rbac.authorization.k8s.io", "*")] };

        Assert.Empty(ProjectScope.Check(rbac, "c1", Prod, [new ObjectRef("rbac.authorization.k8s.io/v1", "ClusterRole", null, "reader")]));
        Assert.Single(ProjectScope.Check(rbac, "c1", Prod, [new ObjectRef("v1", "Namespace", null, "shop-a")]));
    }

    [Fact]
    public void Check_NamespaceObjectOutsideDestinations_Refused()
    {
        // Allowed as a kind, but creating kube-system (or labelling it) is not the shop team's business.
        var violation = Assert.Single(ProjectScope.Check(Shop, "c1", Prod, [new ObjectRef("v1", "Namespace", null, "kube-system")]));

        Assert.Contains("namespace \"kube-system\" on cluster \"c1\" is not in project shop's destinations", violation.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ObjectInNamespaceOutsideDestinations_Refused()
    {
        var violation = Assert.Single(ProjectScope.Check(Shop, "c1", Prod, [Deployment("shop-a"), Deployment("kube-system")]));

        Assert.Equal(Deployment("kube-system"), violation.Object);
        Assert.Equal("namespace \"kube-system\" on cluster \"c1\" is not in project shop's destinations (cluster *, namespace shop-*)", violation.Rule);
    }

    [Fact]
    public void Check_DeniedNamespacedKind_Refused()
    {
        var role = new ObjectRef("rbac.authorization.k8s.io/v1", "RoleBinding", "shop-a", "admins");

        var violation = Assert.Single(ProjectScope.Check(Shop, "c1", Prod, [role]));

        Assert.Equal("kind rbac.authorization.k8s.io/RoleBinding is in project shop's namespaceResourcesDenied (rbac.authorization.k8s.io/*)", violation.Rule);
    }

    [Fact]
    public void Check_DeniedCoreKind_DoesNotDenyTheSameKindOfAnotherGroup()
    {
        var project = Shop with { NamespaceResourcesDenied = [new KindPattern("", "Secret")] };

        Assert.Single(ProjectScope.Check(project, "c1", Prod, [new ObjectRef("v1", "Secret", "shop-a", "db")]));
        Assert.Empty(ProjectScope.Check(project, "c1", Prod, [new ObjectRef("example.com/v1", "Secret", "shop-a", "db")]));
    }

    [Fact]
    public void Check_ClusterNotADestination_EveryObjectRefused()
    {
        var project = Shop with { Destinations = [new ProjectDestination { Cluster = "eu-*", Namespace = "*" }] };

        var violations = ProjectScope.Check(project, "us-1", Prod, [Deployment("shop-a"), new ObjectRef("v1", "Namespace", null, "shop-a")]);

        Assert.Equal(2, violations.Count);
        Assert.All(violations, v => Assert.StartsWith("cluster \"us-1\" is not a destination of project shop", v.Rule, StringComparison.Ordinal));
    }

    [Fact]
    public void Check_SelectorDestination_NamespaceDependsOnTheClusterLabels()
    {
        var project = Shop with
        {
            Destinations =
            [
                new ProjectDestination { Selector = new LabelSelector(new Dictionary<string, string> { ["env"] = "prod" }, []), Namespace = "shop-prod" },
                new ProjectDestination { Selector = new LabelSelector([new LabelSelectorRequirement("env", "In", ["dev", "test"])]), Namespace = "shop-*" },
            ],
        };
        var dev = new Dictionary<string, string> { ["env"] = "dev" };

        Assert.Empty(ProjectScope.Check(project, "p1", Prod, [Deployment("shop-prod")]));
        Assert.Single(ProjectScope.Check(project, "p1", Prod, [Deployment("shop-test")]));
        Assert.Empty(ProjectScope.Check(project, "d1", dev, [Deployment("shop-test")]));
        Assert.Single(ProjectScope.Check(project, "x1", new Dictionary<string, string>(), [Deployment("shop-prod")]));
    }

    [Fact]
    public void Check_ClusterGlobAndSelector_BothMustMatch()
    {
        var project = Shop with
        {
            Destinations = [new ProjectDestination { Cluster = "eu-*", Selector = new LabelSelector(Prod, []), Namespace = "*" }],
        };

        Assert.Empty(ProjectScope.Check(project, "eu-1", Prod, [Deployment("x")]));
        Assert.Single(ProjectScope.Check(project, "us-1", Prod, [Deployment("x")]));
        Assert.Single(ProjectScope.Check(project, "eu-2", new Dictionary<string, string>(), [Deployment("x")]));
    }

    [Fact]
    public void DestinationViolation_UnregisteredClusterAndSelectorDestination_Refused()
    {
        var project = Shop with { Destinations = [new ProjectDestination { Selector = new LabelSelector(Prod, []), Namespace = "*" }] };

        Assert.NotNull(ProjectScope.DestinationViolation(project, "new", labels: null, "shop-a"));
        Assert.Null(ProjectScope.DestinationViolation(project, "p1", Prod, "shop-a"));
    }

    [Fact]
    public void AllowEverything_AllowsAnyObjectAnywhere()
    {
        var all = ProjectRules.AllowEverything(ProjectRules.DefaultName);
        var objects = new[]
        {
            new ObjectRef("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", null, "admin"),
            new ObjectRef("rbac.authorization.k8s.io/v1", "Role", "kube-system", "r"),
            new ObjectRef("v1", "Namespace", null, "anything"),
        };

        Assert.Empty(ProjectScope.Check(all, "any", new Dictionary<string, string>(), objects));
        Assert.Null(ProjectScope.RepositoryViolation(all, "whatever"));
    }

    [Fact]
    public void Missing_AllowsNothing()
    {
        var missing = ProjectRules.Missing("gone");

        Assert.Single(ProjectScope.Check(missing, "c1", Prod, [new ObjectRef("v1", "ConfigMap", "default", "x")]));
        Assert.NotNull(ProjectScope.RepositoryViolation(missing, "r"));
    }
}
