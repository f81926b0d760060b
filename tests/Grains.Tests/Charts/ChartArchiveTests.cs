using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Fleet.Grains.Charts;
using Fleet.Grains.Rendering;

namespace Fleet.Grains.Tests.Charts;

/// <summary>A chart archive is untrusted: only files and directories inside the target, within the render limits.</summary>
public sealed class ChartArchiveTests : IDisposable
{
    private readonly string _target = Directory.CreateTempSubdirectory("fleet-archive-").FullName;

    public void Dispose() => Directory.Delete(_target, recursive: true);

    private static MemoryStream Archive(Action<TarWriter> write)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            write(tar);
        }
        buffer.Position = 0;
        return buffer;
    }

    private static void File(TarWriter tar, string name, string text) =>
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });

    [Fact]
    public void Extract_HelmStyleArchive_ChartDirectoryReturned()
    {
        using var archive = Archive(tar =>
        {
            File(tar, "podinfo/Chart.yaml", "apiVersion: v2\nname: podinfo\nversion: 6.5.0\n");
            File(tar, "podinfo/templates/cm.yaml", "kind: ConfigMap");
        });

        Assert.Equal("podinfo", ChartArchive.Extract(archive, _target, new RenderLimits(), "chart podinfo 6.5.0"));
        Assert.True(System.IO.File.Exists(Path.Combine(_target, "podinfo", "templates", "cm.yaml")));
    }

    [Theory]
    [InlineData("../escape.yaml")]
    [InlineData("podinfo/../../escape.yaml")]
    [InlineData("/etc/escape.yaml")]
    public void Extract_EntryLeavingTheTarget_Refused(string name)
    {
        using var archive = Archive(tar =>
        {
            File(tar, "podinfo/Chart.yaml", "name: podinfo");
            File(tar, name, "x");
        });

        var error = Assert.Throws<ChartSourceException>(() => ChartArchive.Extract(archive, _target, new RenderLimits(), "chart podinfo 6.5.0"));
        Assert.Equal("ArchiveInvalid", error.Reason);
        Assert.Contains("chart podinfo 6.5.0", error.Message, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(Path.Combine(Path.GetDirectoryName(_target)!, "escape.yaml")));
    }

    [Fact]
    public void Extract_SymbolicLink_Refused()
    {
        using var archive = Archive(tar =>
        {
            File(tar, "podinfo/Chart.yaml", "name: podinfo");
            tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "podinfo/templates/secrets.yaml") { LinkName = "/etc/shadow" });
        });

        var error = Assert.Throws<ChartSourceException>(() => ChartArchive.Extract(archive, _target, new RenderLimits(), "chart podinfo 6.5.0"));
        Assert.Contains("SymbolicLink", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_FileOverThePerFileLimit_Refused()
    {
        using var archive = Archive(tar =>
        {
            File(tar, "podinfo/Chart.yaml", "name: podinfo");
            File(tar, "podinfo/values.yaml", new string('x', 2048));
        });

        var error = Assert.Throws<ChartSourceException>(() =>
            ChartArchive.Extract(archive, _target, new RenderLimits { MaxExpandedBytesPerFile = 1024 }, "chart podinfo 6.5.0"));
        Assert.Contains("podinfo/values.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_NotGzip_ArchiveInvalid()
    {
        using var archive = new MemoryStream(Encoding.UTF8.GetBytes("<html>not found</html>"));

        var error = Assert.Throws<ChartSourceException>(() => ChartArchive.Extract(archive, _target, new RenderLimits(), "chart podinfo 6.5.0"));
        Assert.Equal("ArchiveInvalid", error.Reason);
    }

    [Fact]
    public void Extract_NoChartYaml_ArchiveInvalid()
    {
        using var archive = Archive(tar => File(tar, "podinfo/values.yaml", "a: 1"));

        var error = Assert.Throws<ChartSourceException>(() => ChartArchive.Extract(archive, _target, new RenderLimits(), "chart podinfo 6.5.0"));
        Assert.Contains("Chart.yaml", error.Message, StringComparison.Ordinal);
    }
}
