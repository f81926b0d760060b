using Fleet.Cli.Commands;

namespace Fleet.Cli.Tests.Commands;

/// <summary>The CLI sends file contents, never paths: the server refuses file references.</summary>
public sealed class KubeconfigFilesTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("kubeconfig-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Inline_RelativeAndAbsoluteFiles_BecomeDataFieldsAndThePathsAreGone()
    {
        File.WriteAllText(Path.Combine(_directory.FullName, "ca.crt"), "CA-PEM");
        File.WriteAllText(Path.Combine(_directory.FullName, "token"), "file-token\n");
        var key = Path.Combine(_directory.FullName, "client.key");
        File.WriteAllText(key, "KEY-PEM");
        File.WriteAllText(Path.Combine(_directory.FullName, "client.crt"), "CERT-PEM");
        var yaml = "current-context: c\n" +
            "clusters: [{name: k, cluster: {server: \"https://h\", certificate-authority: ca.crt}}]\n" +
            "users: [{name: u, user: {tokenFile: token, client-certificate: client.crt, client-key: " + key + "}}]\n" +
            "contexts: [{name: c, context: {cluster: k, user: u}}]\n";

        var inlined = KubeconfigFiles.Inline(yaml, _directory.FullName);

        Assert.Contains("certificate-authority-data: " + Convert.ToBase64String("CA-PEM"u8.ToArray()), inlined, StringComparison.Ordinal);
        Assert.Contains("client-certificate-data: " + Convert.ToBase64String("CERT-PEM"u8.ToArray()), inlined, StringComparison.Ordinal);
        Assert.Contains("client-key-data: " + Convert.ToBase64String("KEY-PEM"u8.ToArray()), inlined, StringComparison.Ordinal);
        Assert.Contains("token: file-token", inlined, StringComparison.Ordinal);
        Assert.DoesNotContain("tokenFile", inlined, StringComparison.Ordinal);
        Assert.DoesNotContain("certificate-authority:", inlined, StringComparison.Ordinal);
        Assert.DoesNotContain(key, inlined, StringComparison.Ordinal);
    }

    [Fact]
    public void Inline_DataNextToFile_KeepsTheDataAndDropsThePath()
    {
        var yaml = """
            clusters: [{name: k, cluster: {server: "https://h", certificate-authority-data: Q0E=, certificate-authority: /missing/ca.crt}}]
            """;

        var inlined = KubeconfigFiles.Inline(yaml, _directory.FullName);

        Assert.Contains("certificate-authority-data: Q0E=", inlined, StringComparison.Ordinal);
        Assert.DoesNotContain("/missing/ca.crt", inlined, StringComparison.Ordinal);
    }

    [Fact]
    public void Inline_UnreadableFile_IsAUsageErrorNamingFieldAndPath()
    {
        var yaml = """
            users: [{name: u, user: {tokenFile: nope}}]
            """;

        var error = Assert.Throws<CliException>(() => KubeconfigFiles.Inline(yaml, _directory.FullName));

        Assert.Contains("users[].user.tokenFile", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_directory.FullName, "nope"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inline_NoFileReferences_ReturnsTheTextUnchanged()
    {
        const string Yaml = "clusters: [{name: k, cluster: {server: \"https://h\"}}]\n";

        Assert.Same(Yaml, KubeconfigFiles.Inline(Yaml, _directory.FullName));
    }
}
