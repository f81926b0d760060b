using Fleet.Cli.Tests.Infrastructure;

namespace Fleet.Cli.Tests.Commands;

/// <summary><c>fleet image repo|policy|update</c> against the real silo process.</summary>
[Collection(SiloProcessCollection.Name)]
public sealed class ImageCommandsTests(SiloProcess silo)
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task Image_AddListGetRm_DriveTheThreeObjects()
    {
        var cli = new CliRunner();
        Assert.Equal(0, (await cli.RunAsync("login", "--server", silo.Server, "--token", silo.AdminToken)).ExitCode);
        var (imageRepository, policy, update, repository) = (Unique("img"), Unique("pol"), Unique("upd"), Unique("r"));
        Assert.Equal(0, (await cli.RunAsync("repo", "add", repository, "--url", silo.Repository.Path, "--branch", "main")).ExitCode);

        // Nothing listens on port 1: the scan fails at once and the table says why.
        var addRepository = await cli.RunAsync("image", "repo", "add", imageRepository, "--image", "127.0.0.1:1/team/web", "--insecure", "--interval", "3600");
        var addPolicy = await cli.RunAsync("image", "policy", "add", policy, "--image-repository", imageRepository, "--semver", ">=1.0.0 <2.0.0");
        var addUpdate = await cli.RunAsync("image", "update", "add", update, "--repository", repository, "--path", "app",
            "--author-name", "Fleet", "--author-email", "fleet@example.com");
        var repositories = await cli.RunAsync("image", "repo", "list");
        var policyJson = await cli.RunAsync("image", "policy", "get", policy, "-o", "json");
        var updates = await cli.RunAsync("image", "update", "list");

        Assert.True(addRepository.ExitCode == 0, addRepository.ToString());
        Assert.Contains($"imagerepository/{imageRepository} registered", addRepository.Stdout, StringComparison.Ordinal);
        Assert.True(addPolicy.ExitCode == 0, addPolicy.ToString());
        Assert.Contains("latest: none yet", addPolicy.Stdout, StringComparison.Ordinal);
        Assert.True(addUpdate.ExitCode == 0, addUpdate.ToString());
        Assert.Contains("RegistryUnreachable", (await cli.RunAsync("image", "repo", "get", imageRepository, "-o", "json")).Stdout, StringComparison.Ordinal);
        Assert.Contains(imageRepository, repositories.Stdout, StringComparison.Ordinal);
        Assert.Equal(">=1.0.0 <2.0.0", policyJson.Json["policy"]!["semver"]!["range"]!.GetValue<string>());
        Assert.Contains(update, updates.Stdout, StringComparison.Ordinal);

        var rm = await cli.RunAsync("image", "policy", "rm", policy);
        var gone = await cli.RunAsync("image", "policy", "get", policy);

        Assert.True(rm.ExitCode == 0, rm.ToString());
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("not found", gone.Stderr, StringComparison.OrdinalIgnoreCase);
    }
}
