using Fleet.Grains.Rendering;

namespace Fleet.Grains.Tests.Rendering;

public class KustomizeRunnerTests
{
    [Fact]
    public async Task BuildAsync_NoKubectlOrKustomizeOnPath_ThrowsClearError()
    {
        using var repository = new TempRepository().Write("app/kustomization.yaml", "resources: []\n");
        var runner = new KustomizeRunner(new KustomizeRunnerOptions { SearchPath = "" });

        var exception = await Assert.ThrowsAsync<RenderException>(() => runner.BuildAsync(Path.Combine(repository.Root, "app"), CancellationToken.None));

        Assert.StartsWith("rendering a Kustomize directory needs kubectl or kustomize on PATH", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_NoKubectlOrKustomize_ReportsErrorOnKustomizationFile()
    {
        using var repository = new TempRepository().Write("app/kustomization.yaml", "resources: []\n");
        var renderer = new ManifestRenderer(new KustomizeRunner(new KustomizeRunnerOptions { SearchPath = "/nonexistent" }));

        var result = await renderer.RenderAsync(repository.Root, "app", TempRepository.Prod, CancellationToken.None);

        var error = Assert.Single(result.Errors);
        Assert.Equal("app/kustomization.yaml", error.File);
        Assert.Contains("needs kubectl or kustomize on PATH", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildAsync_KubectlOnly_RendersWithKubectlKustomize()
    {
        using var repository = new TempRepository()
            .Write("app/kustomization.yaml", "resources: [cm.yaml]\n")
            .Write("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: from-kubectl}\n");
        var kubectlOnly = Path.GetDirectoryName(FindOnPath("kubectl"))!;
        var runner = new KustomizeRunner(new KustomizeRunnerOptions { SearchPath = kubectlOnly });

        var output = await runner.BuildAsync(Path.Combine(repository.Root, "app"), CancellationToken.None);

        Assert.Contains("name: from-kubectl", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildAsync_ProcessOutlivesTimeout_KilledWithClearError()
    {
        using var tools = new TempRepository().Write("bin/kustomize", "#!/bin/sh\nsleep 30\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(tools.Root, "bin", "kustomize"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var runner = new KustomizeRunner(new KustomizeRunnerOptions { SearchPath = Path.Combine(tools.Root, "bin"), Timeout = TimeSpan.FromMilliseconds(300) });
        var started = DateTime.UtcNow;

        var exception = await Assert.ThrowsAsync<RenderException>(() => runner.BuildAsync(tools.Root, CancellationToken.None));

        Assert.Contains("did not finish within", exception.Message, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "the runner waited for the process instead of killing it");
    }

    [Fact]
    public async Task BuildAsync_Cancelled_KillsProcessAndThrowsCancellation()
    {
        using var tools = new TempRepository().Write("bin/kustomize", "#!/bin/sh\nsleep 30\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(tools.Root, "bin", "kustomize"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var runner = new KustomizeRunner(new KustomizeRunnerOptions { SearchPath = Path.Combine(tools.Root, "bin") });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.BuildAsync(tools.Root, cancellation.Token));
    }

    [Fact]
    public async Task BuildAsync_SecretInSiloEnvironment_NotVisibleToKustomize()
    {
        // A unique name: other tests in this process never see or depend on it.
        var name = "FLEET_TEST_SECRET_" + Guid.NewGuid().ToString("N");
        var secret = "s3cret-" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, secret);
        try
        {
            using var tools = new TempRepository().Write("bin/kustomize", "#!/bin/sh\nexport -p\n");
            MakeExecutable(Path.Combine(tools.Root, "bin", "kustomize"));
            var runner = new KustomizeRunner(new KustomizeRunnerOptions { SearchPath = Path.Combine(tools.Root, "bin") });

            var output = await runner.BuildAsync(tools.Root, CancellationToken.None);

            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
            Assert.DoesNotContain(name, output, StringComparison.Ordinal);
            Assert.Contains("HOME=", output, StringComparison.Ordinal);
            var home = Environment.GetEnvironmentVariable("HOME");
            if (!string.IsNullOrEmpty(home))
            {
                Assert.DoesNotContain($"HOME='{home}'", output, StringComparison.Ordinal);
                Assert.DoesNotContain($"HOME=\"{home}\"", output, StringComparison.Ordinal);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void StartInfo_Always_CarriesOnlyPathHomeAndTmpdir()
    {
        var startInfo = KustomizeProcess.StartInfo("/usr/bin/kubectl", ["kustomize", "/repo/app"], "/repo/app", "/usr/bin", "/tmp/private-home");

        Assert.Equal(["HOME", "PATH", "TMPDIR"], startInfo.Environment.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("/tmp/private-home", startInfo.Environment["HOME"]);
        Assert.Equal("/tmp/private-home", startInfo.Environment["TMPDIR"]);
        Assert.Equal(["kustomize", "/repo/app"], startInfo.ArgumentList);
    }

    [Fact]
    public async Task BuildAsync_OutputBeyondTheCap_KilledWithClearError()
    {
        using var tools = new TempRepository().Write("bin/kustomize", "#!/bin/sh\nexec yes 'apiVersion: v1'\n");
        MakeExecutable(Path.Combine(tools.Root, "bin", "kustomize"));
        var runner = new KustomizeRunner(new KustomizeRunnerOptions { SearchPath = Path.Combine(tools.Root, "bin"), MaxOutputChars = 1024 * 1024 });

        var exception = await Assert.ThrowsAsync<RenderException>(() => runner.BuildAsync(tools.Root, CancellationToken.None));

        Assert.Contains("printed more than 1 MiB", exception.Message, StringComparison.Ordinal);
    }

    private static void MakeExecutable(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static string FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, name))
            .First(File.Exists);
}
