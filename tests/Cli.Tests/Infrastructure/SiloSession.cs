namespace Fleet.Cli.Tests.Infrastructure;

/// <summary>The steps most end-to-end tests start with: log in, register a fresh simulator cluster and a repository.</summary>
public static class SiloSession
{
    /// <summary>A name no other test uses.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>A runner logged in to <paramref name="silo"/> as admin.</summary>
    public static async Task<CliRunner> LoggedInAsync(this SiloProcess silo)
    {
        var cli = new CliRunner();
        var login = await cli.RunAsync("login", "--server", silo.Server, "--token", silo.AdminToken);
        Assert.True(login.ExitCode == 0, login.ToString());
        return cli;
    }

    /// <summary>Registers a new simulator cluster (from a kubeconfig file) and the fixture's repository; answers their names.</summary>
    public static async Task<(string Cluster, string Repository)> RegisterAsync(this SiloProcess silo, CliRunner cli)
    {
        var cluster = Unique("c");
        var repository = Unique("r");
        silo.Simulator.AddCluster(cluster);
        var kubeconfig = Path.Combine(Path.GetDirectoryName(cli.ConfigPath)!, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, silo.Simulator.Kubeconfig());
        var add = await cli.RunAsync("cluster", "add", cluster, "--kubeconfig", kubeconfig, "--context", cluster, "--label", "env=cli");
        Assert.True(add.ExitCode == 0, add.ToString());
        var repo = await cli.RunAsync("repo", "add", repository, "--url", silo.Repository.Path, "--branch", "main", "--poll-interval", "5");
        Assert.True(repo.ExitCode == 0, repo.ToString());
        return (cluster, repository);
    }
}
