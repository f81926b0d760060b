namespace Fleet.Silo.Tests.Deploy;

/// <summary>
/// No container engine runs here, so deploy/Dockerfile cannot be built in tests; these checks catch what breaks it
/// when the repository changes: a copied path that no longer exists, or a project or entry point that was renamed.
/// </summary>
public sealed class DockerfileTests
{
    private readonly string _root = RepositoryRoot.Find();

    [Fact]
    public void CopyInstructions_FromBuildContext_EverySourceExists()
    {
        var sources = Instructions("COPY")
            .Where(args => !args[0].StartsWith("--from=", StringComparison.Ordinal))
            .SelectMany(args => args[..^1])
            .ToList();

        Assert.NotEmpty(sources);
        Assert.All(sources, source => Assert.True(
            File.Exists(Path.Combine(_root, source)) || Directory.Exists(Path.Combine(_root, source)),
            $"deploy/Dockerfile copies {source}, which is not in the repository"));
    }

    [Fact]
    public void Publish_SiloProject_EntryPointIsItsAssembly()
    {
        var publish = Instructions("RUN").Single(args => args.Contains("publish"));
        var project = publish[Array.IndexOf(publish, "publish") + 1];
        var entry = Instructions("ENTRYPOINT").Single();

        Assert.True(File.Exists(Path.Combine(_root, project)), $"{project} does not exist");
        // No <AssemblyName> override, so the assembly is named after the project file.
        Assert.DoesNotContain("<AssemblyName>", File.ReadAllText(Path.Combine(_root, project)), StringComparison.Ordinal);
        Assert.Contains($"\"{Path.GetFileNameWithoutExtension(project)}.dll\"", string.Join(' ', entry), StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerignore_SourcesAndProjectFiles_NotExcluded()
    {
        var patterns = File.ReadAllLines(Path.Combine(_root, ".dockerignore"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();

        Assert.Contains("**/bin/", patterns);
        Assert.Contains("**/obj/", patterns);
        Assert.DoesNotContain(patterns, p => p is "src" or "src/" or "*.csproj" or "**/*.csproj" or "*.props");
    }

    [Theory]
    [InlineData("kubectl")]
    [InlineData("helm")]
    public void RenderingTools_PinnedDownloadCheckedAndInTheRuntimeImage(string tool)
    {
        var install = string.Join(' ', Instructions("RUN").Single(args => args.Contains("sha256sum")));
        var copies = Instructions("COPY").Where(args => args[0] == "--from=tools").Select(args => string.Join(' ', args)).ToList();

        // The silo runs these on every Kustomize or chart render: a pinned release, checked against its published hash.
        Assert.Contains($"/usr/local/bin/{tool}", install, StringComparison.Ordinal);
        Assert.Contains($"{tool.ToUpperInvariant()}_VERSION", install, StringComparison.Ordinal);
        Assert.Contains(copies, copy => copy == $"--from=tools /usr/local/bin/{tool} /usr/local/bin/{tool}");
        Assert.Contains(Instructions("ARG"), args => args[0].StartsWith($"{tool.ToUpperInvariant()}_VERSION=v", StringComparison.Ordinal));
    }

    /// <summary>Arguments of each instruction of the given name, joining continuation lines.</summary>
    private IEnumerable<string[]> Instructions(string name)
    {
        var text = File.ReadAllText(Path.Combine(_root, "deploy", "Dockerfile")).Replace("\\\n", " ", StringComparison.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var parts = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 1 && parts[0] == name)
            {
                yield return parts[1..];
            }
        }
    }
}
