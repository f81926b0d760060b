using Fleet.Cli.Tests.Infrastructure;

namespace Fleet.Cli.Tests.Commands;

/// <summary><c>fleet project</c> and <c>fleet app create --project</c>, against the real silo process.</summary>
[Collection(SiloProcessCollection.Name)]
public sealed class ProjectCommandsTests(SiloProcess silo)
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task Project_AddListGetRm_AndAppCreateInIt()
    {
        var cli = new CliRunner();
        Assert.Equal(0, (await cli.RunAsync("login", "--server", silo.Server, "--token", silo.AdminToken)).ExitCode);
        var repository = Unique("r");
        Assert.Equal(0, (await cli.RunAsync("repo", "add", repository, "--url", silo.Repository.Path)).ExitCode);
        var project = Unique("p");
        var application = Unique("a");

        var add = await cli.RunAsync("project", "add", project, "--description", "the shop team", "--source-repo", repository,
            "--destination", "*:shop-*", "--destination-selector", "env=prod,tier=web:shop-prod",
            "--cluster-resource", "/Namespace", "--deny-kind", "rbac.authorization.k8s.io/*");
        var get = await cli.RunAsync("project", "get", project, "-o", "json");
        var list = await cli.RunAsync("project", "list");
        var create = await cli.RunAsync("app", "create", application, "--project", project, "--repo", repository, "--path", "app",
            "--cluster", Unique("c"), "--namespace", "shop-a");
        var outside = await cli.RunAsync("app", "create", Unique("a"), "--project", project, "--repo", repository, "--path", "app",
            "--cluster", Unique("c"), "--namespace", "kube-system");
        var inUse = await cli.RunAsync("project", "rm", project);
        var deleteApp = await cli.RunAsync("app", "delete", application, "--keep-resources");
        var rm = await cli.RunAsync("project", "rm", project);
        var gone = await cli.RunAsync("project", "get", project);

        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Contains($"project/{project} configured", add.Stdout, StringComparison.Ordinal);
        Assert.True(get.ExitCode == 0, get.ToString());
        var spec = get.Json["spec"]!;
        Assert.Equal("*", spec["destinations"]![0]!["cluster"]!.GetValue<string>());
        Assert.Equal("web", spec["destinations"]![1]!["matchLabels"]!["tier"]!.GetValue<string>());
        Assert.Equal("shop-prod", spec["destinations"]![1]!["namespace"]!.GetValue<string>());
        Assert.Equal("", spec["clusterResources"]![0]!["group"]!.GetValue<string>());
        Assert.Equal("Namespace", spec["clusterResources"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal("rbac.authorization.k8s.io", spec["namespaceResourcesDenied"]![0]!["group"]!.GetValue<string>());
        Assert.Matches($@"(?m)^{project}\s+{repository}\s+\*:shop-\*,env=prod,tier=web:shop-prod\s+Namespace\s+rbac.authorization.k8s.io/\*\s+0", list.Stdout);
        Assert.Matches(@"(?m)^default\s", list.Stdout);
        Assert.True(create.ExitCode == 0, create.ToString());
        Assert.True(outside.ExitCode == 1, outside.ToString());
        Assert.Contains("destination.namespace", outside.Stderr, StringComparison.Ordinal);
        Assert.True(inUse.ExitCode == 1, inUse.ToString());
        Assert.Contains(application, inUse.Stderr, StringComparison.Ordinal);
        Assert.True(deleteApp.ExitCode == 0, deleteApp.ToString());
        Assert.True(rm.ExitCode == 0, rm.ToString());
        Assert.Equal(3, gone.ExitCode);
    }

    [Theory]
    [InlineData("--destination", "shop-*")]
    [InlineData("--destination-selector", "env:shop")]
    [InlineData("--cluster-resource", "rbac.authorization.k8s.io/")]
    public async Task ProjectAdd_MalformedRule_ExitsTwoNamingTheFlag(string flag, string value)
    {
        var result = await new CliRunner(new Dictionary<string, string> { ["FLEET_SERVER"] = "http://127.0.0.1:9" })
            .RunAsync("project", "add", "p", flag, value);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(flag, result.Stderr, StringComparison.Ordinal);
    }
}
