using Fleet.Grains.ControlPlane;
using Fleet.Grains.Interfaces.Repositories;

namespace Fleet.Grains.Tests.ControlPlane;

/// <summary>The pure reader of an app of apps' rendered objects: documents in apply order, or every problem with file and line.</summary>
public sealed class ControlPlaneDocumentsTests
{
    private static Manifest Document(string kind, string name, string body, string file = "fleet/a.yaml", int? line = 1, string apiVersion = "fleet.dev/v1") => new()
    {
        ApiVersion = apiVersion,
        Kind = kind,
        Name = name,
        Json = body,
        SourceFile = file,
        Line = line,
    };

    private static string Body(string kind, string name, string extra = "") =>
        $$"""{"apiVersion":"fleet.dev/v1","kind":"{{kind}}","metadata":{"name":"{{name}}"},"spec":{"path":"app"}{{extra}}}""";

    [Fact]
    public void Read_ValidDocuments_AreInApplyOrderWithTheirSpecAndSource()
    {
        var (documents, errors) = ControlPlaneDocuments.Read("root",
        [
            Document("Application", "web", Body("Application", "web"), line: 7),
            Document("Repository", "platform", Body("Repository", "platform")),
        ]);

        Assert.Empty(errors);
        Assert.Equal(["repositories/platform", "applications/web"], documents.Select(d => d.Key));
        Assert.Equal("app", documents[1].Spec["path"]!.GetValue<string>());
        Assert.Equal("fleet/a.yaml:7", documents[1].Source);
    }

    [Theory]
    [InlineData("v1", "ConfigMap", "x", "", "is a v1 object")]
    [InlineData("fleet.dev/v1", "Aplication", "x", "", "kind Aplication is not a Fleet kind")]
    [InlineData("fleet.dev/v1", "Application", "root", "", "an application cannot declare itself")]
    [InlineData("fleet.dev/v1", "Application", "x", ",\"status\":{}", "status is not a field of a fleet.dev/v1 document")]
    public void Read_InvalidDocument_NamesFileLineAndProblem(string apiVersion, string kind, string name, string extra, string problem)
    {
        var (documents, errors) = ControlPlaneDocuments.Read("root",
        [
            Document("Application", "fine", Body("Application", "fine")),
            Document(kind, name, Body(kind, name, extra), "fleet/b.yaml", 12, apiVersion),
        ]);

        var error = Assert.Single(errors);
        Assert.StartsWith($"fleet/b.yaml:12: {kind} {name}: ", error, StringComparison.Ordinal);
        Assert.Contains(problem, error, StringComparison.Ordinal);
        Assert.Single(documents);
    }

    [Theory]
    [InlineData("Repository", "{\"url\":\"https://git.example.com/a.git\",\"password\":\"hunter2\"}", "spec.password holds a secret in Git")]
    [InlineData("Cluster", "{\"server\":\"https://10.0.0.1\",\"token\":\"abc\"}", "spec.token holds a secret in Git")]
    [InlineData("NotificationSink", "{\"type\":\"webhook\",\"url\":\"https://hooks.example.com/T0/B0/x\"}", "spec.url holds a secret in Git")]
    public void Read_SecretWrittenInline_RefusedWithTheReferenceToUse(string kind, string spec, string problem)
    {
        var body = $$"""{"apiVersion":"fleet.dev/v1","kind":"{{kind}}","metadata":{"name":"x"},"spec":{{spec}}}""";

        var (documents, errors) = ControlPlaneDocuments.Read("root", [Document(kind, "x", body, "fleet/secrets.yaml", 3)]);

        var error = Assert.Single(errors);
        Assert.StartsWith($"fleet/secrets.yaml:3: {kind} x: {problem}", error, StringComparison.Ordinal);
        Assert.Contains("From: {secret: NAME, key: KEY}", error, StringComparison.Ordinal);
        Assert.Empty(documents);
    }

    [Fact]
    public void Read_SecretByReference_Accepted()
    {
        var body = """{"apiVersion":"fleet.dev/v1","kind":"Repository","metadata":{"name":"x"},"spec":{"url":"https://git.example.com/a.git","username":"fleet","passwordFrom":{"secret":"git","key":"password"}}}""";

        var (documents, errors) = ControlPlaneDocuments.Read("root", [Document("Repository", "x", body)]);

        Assert.Empty(errors);
        Assert.Single(documents);
    }
    [Fact]
    public void Needs_NamesWhatMustExistBeforeTheWrite()
    {
        var (documents, _) = ControlPlaneDocuments.Read("root",
        [
            Document("Application", "web", """{"apiVersion":"fleet.dev/v1","kind":"Application","metadata":{"name":"web"},"spec":{"repository":"platform","project":"team","path":"app"}}"""),
            Document("ImagePolicy", "web", """{"apiVersion":"fleet.dev/v1","kind":"ImagePolicy","metadata":{"name":"web"},"spec":{"imageRepository":"web-images"}}"""),
            Document("Cluster", "prod", """{"apiVersion":"fleet.dev/v1","kind":"Cluster","metadata":{"name":"prod"},"spec":{"server":"https://10.0.0.1"}}"""),
        ]);

        var needs = documents.ToDictionary(d => d.Key, d => ControlPlaneDocuments.Needs(d).ToList());

        Assert.Equal([("repositories/platform", "repository"), ("projects/team", "project")], needs["applications/web"]);
        Assert.Equal([("imagerepositories/web-images", "imageRepository")], needs["imagepolicies/web"]);
        Assert.Empty(needs["clusters/prod"]);
    }
}
