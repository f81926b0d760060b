using Fleet.Grains.Rendering;

namespace Fleet.Grains.Tests.Rendering;

/// <summary>A checked-out repository in a fresh temporary directory, deleted on dispose.</summary>
internal sealed class TempRepository : IDisposable
{
    public static readonly ClusterVariables Prod = new("prod-eu", new Dictionary<string, string> { ["env"] = "prod", ["region"] = "eu" });

    public TempRepository()
    {
        Root = Path.Combine(Path.GetTempPath(), "fleet-render-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Makes the folder a Git repository on branch main with everything written so far committed.</summary>
    public TempRepository CommitAll()
    {
        Infrastructure.GitCli.Run(Root, "init", "--quiet", "--initial-branch=main");
        Infrastructure.GitCli.Run(Root, "add", "-A");
        Infrastructure.GitCli.Run(Root, "commit", "--quiet", "-m", "remote base");
        return this;
    }

    public TempRepository Write(string relativePath, string content)
    {
        var full = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return this;
    }

    public Task<RenderResult> RenderAsync(string path, ClusterVariables? variables = null, IReadOnlyList<string>? remoteSources = null) =>
        new ManifestRenderer(new KustomizeRunner()).RenderAsync(Root, path, variables ?? Prod, release: null, CancellationToken.None, remoteSources);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory must not fail a test.
        }
    }
}
