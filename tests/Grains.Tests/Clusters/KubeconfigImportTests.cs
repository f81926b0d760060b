using Fleet.Grains.Clusters;
using Fleet.Reconciler.Kubernetes;

namespace Fleet.Grains.Tests.Clusters;

public sealed class KubeconfigImportTests
{
    private const string TwoContexts = """
        apiVersion: v1
        kind: Config
        current-context: dev
        clusters:
        - name: dev-cluster
          cluster:
            server: https://dev.example:6443
            certificate-authority-data: Q0EtREVW
        - name: prod-cluster
          cluster:
            server: https://prod.example:6443/prefix
            insecure-skip-tls-verify: true
        users:
        - name: dev-user
          user:
            token: dev-token
        - name: prod-user
          user:
            client-certificate-data: Q0VSVA==
            client-key-data: S0VZ
        contexts:
        - name: dev
          context:
            cluster: dev-cluster
            user: dev-user
        - name: prod
          context:
            cluster: prod-cluster
            user: prod-user
        """;

    [Fact]
    public void FromKubeconfig_NoContextGiven_ReadsCurrentContext()
    {
        var endpoint = KubeconfigImport.FromKubeconfig(TwoContexts, context: null);

        Assert.Equal(new ClusterEndpoint("https://dev.example:6443", "Q0EtREVW", false, "dev-token", null, null), endpoint);
    }

    [Fact]
    public void FromKubeconfig_NamedContext_ReadsItsClusterAndUser()
    {
        var endpoint = KubeconfigImport.FromKubeconfig(TwoContexts, "prod");

        Assert.Equal(new ClusterEndpoint("https://prod.example:6443/prefix", null, true, null, "Q0VSVA==", "S0VZ"), endpoint);
    }

    [Theory]
    [InlineData("clusters[].cluster.certificate-authority", "{server: \"https://h\", certificate-authority: /etc/fleet/secret.pem}", "{token: t}")]
    [InlineData("users[].user.tokenFile", "{server: \"https://h\"}", "{tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token}")]
    [InlineData("users[].user.client-certificate", "{server: \"https://h\"}", "{client-certificate: /etc/ssl/a.crt, client-key-data: a2V5}")]
    [InlineData("users[].user.client-key", "{server: \"https://h\"}", "{client-certificate-data: Y2VydA==, client-key: /etc/ssl/a.key}")]
    [InlineData("users[].user.tokenFile", "{server: \"https://h\"}", "{token: inline, tokenFile: /etc/shadow}")]
    public void FromKubeconfig_FileReference_IsRefusedNamingTheField(string field, string cluster, string user)
    {
        var directory = Directory.CreateTempSubdirectory("kubeconfig-");
        try
        {
            // The file exists and is readable, so only the refusal explains that nothing is read.
            var readable = Path.Combine(directory.FullName, "readable");
            File.WriteAllText(readable, "SILO-SECRET");
            var clusterBody = cluster.Replace("/etc/fleet/secret.pem", readable, StringComparison.Ordinal);
            var userBody = user.Replace("/etc/shadow", readable, StringComparison.Ordinal);
            var yaml = "current-context: c\n" +
                "clusters: [{name: k, cluster: " + clusterBody + "}]\n" +
                "users: [{name: u, user: " + userBody + "}]\n" +
                "contexts: [{name: c, context: {cluster: k, user: u}}]\n";

            var error = Assert.Throws<KubeconfigException>(() => KubeconfigImport.FromKubeconfig(yaml, null));

            Assert.Contains($"{field}: {KubeconfigImport.FileReferenceRefused}", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("SILO-SECRET", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void FromKubeconfig_UnknownContext_ListsTheContextsThereAre()
    {
        var error = Assert.Throws<KubeconfigException>(() => KubeconfigImport.FromKubeconfig(TwoContexts, "staging"));

        Assert.Contains("no context named \"staging\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"dev\", \"prod\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromKubeconfig_NoCurrentContextAndNoneGiven_AsksForOne()
    {
        var yaml = TwoContexts.Replace("current-context: dev", "current-context: \"\"", StringComparison.Ordinal);

        var error = Assert.Throws<KubeconfigException>(() => KubeconfigImport.FromKubeconfig(yaml, null));

        Assert.Contains("no current-context", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromKubeconfig_ExecPlugin_SaysFleetDoesNotRunIt()
    {
        var yaml = """
            clusters: [{name: k, cluster: {server: "https://eks.example"}}]
            users:
            - name: u
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: aws
            contexts: [{name: c, context: {cluster: k, user: u}}]
            """;

        var error = Assert.Throws<KubeconfigException>(() => KubeconfigImport.FromKubeconfig(yaml, "c"));

        Assert.Contains("exec plugin", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"aws\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromKubeconfig_ClusterWithoutServer_NamesTheFieldAndLine()
    {
        var yaml = """
            clusters:
            - name: k
              cluster:
                insecure-skip-tls-verify: true
            contexts: [{name: c, context: {cluster: k}}]
            """;

        var error = Assert.Throws<KubeconfigException>(() => KubeconfigImport.FromKubeconfig(yaml, "c"));

        Assert.Contains("line 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("clusters[].cluster.server", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromKubeconfig_DataNotBase64_NamesTheField()
    {
        var yaml = TwoContexts.Replace("Q0EtREVW", "not base64!", StringComparison.Ordinal);

        var error = Assert.Throws<KubeconfigException>(() => KubeconfigImport.FromKubeconfig(yaml, "dev"));

        Assert.Contains("certificate-authority-data is not base64", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromKubeconfig_CertificateWithoutKey_Refuses()
    {
        var yaml = TwoContexts.Replace("    client-key-data: S0VZ\n", "", StringComparison.Ordinal);

        var error = Assert.Throws<KubeconfigException>(() => KubeconfigImport.FromKubeconfig(yaml, "prod"));

        Assert.Contains("without its key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromKubeconfig_BrokenYaml_ReportsTheLine()
    {
        var error = Assert.Throws<KubeconfigException>(() => KubeconfigImport.FromKubeconfig("clusters:\n  - name: [unclosed\n", null));

        Assert.Contains("not valid YAML (line", error.Message, StringComparison.Ordinal);
    }
}
