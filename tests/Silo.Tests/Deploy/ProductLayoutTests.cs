using System.Xml.Linq;

namespace Fleet.Silo.Tests.Deploy;

/// <summary>
/// The product (src/Silo and what it references) carries no test or demo tool: the simulator and the demo live under
/// tools/, and the image is published without overrides for files they used to bring along.
/// </summary>
public sealed class ProductLayoutTests
{
    private readonly string _root = RepositoryRoot.Find();

    [Fact]
    public void SiloProject_TransitiveReferences_NoneUnderTools()
    {
        var references = ProjectClosure(Path.Combine(_root, "src", "Silo", "Fleet.Silo.csproj"));

        Assert.Contains(references, p => p.EndsWith("Fleet.Api.csproj", StringComparison.Ordinal));
        var tools = Path.Combine(_root, "tools") + Path.DirectorySeparatorChar;
        Assert.DoesNotContain(references, p => p.StartsWith(tools, StringComparison.Ordinal));
    }

    [Fact]
    public void Dockerfile_Publish_NeedsNoOverridesAndNoTools()
    {
        var dockerfile = File.ReadAllText(Path.Combine(_root, "deploy", "Dockerfile"));

        Assert.DoesNotContain("ErrorOnDuplicatePublishOutputFiles", dockerfile, StringComparison.Ordinal);
        Assert.DoesNotContain("Simulator", dockerfile, StringComparison.Ordinal);
        Assert.DoesNotContain("tools/", dockerfile, StringComparison.Ordinal);
    }

    /// <summary>Every project <paramref name="project"/> references, directly or not, as full paths.</summary>
    private static HashSet<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            foreach (var include in XDocument.Load(current).Descendants("ProjectReference").Select(r => (string?)r.Attribute("Include")).OfType<string>())
            {
                var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, include.Replace('\\', Path.DirectorySeparatorChar)));
                if (seen.Add(path))
                {
                    pending.Push(path);
                }
            }
        }
        return seen;
    }
}
