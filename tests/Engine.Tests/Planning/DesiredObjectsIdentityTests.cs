using Fleet.Engine.Planning;
using Fleet.Kubernetes.Objects;

namespace Fleet.Engine.Tests.Planning;

public class DesiredObjectsIdentityTests
{
    [Theory]
    [InlineData("v1", "Secret", "..", ".")]
    [InlineData("v1", "Secret", "shop", ".")]
    [InlineData("v1", "Secret", "shop", "..")]
    [InlineData("v1", "Secret", "..", "db")]
    [InlineData("v1", "ConfigMap", "shop", "a/b")]
    [InlineData("v1", "ConfigMap", "shop", "")]
    [InlineData("rbac.authorization.k8s.io/v1", "Role", "shop", "..")]
    [InlineData("rbac.authorization.k8s.io/v1", "ClusterRole", null, "a/b")]
    [InlineData("v1", "Namespace", null, "..")]
    [InlineData("v1", "Service", "shop", "1web")]
    [InlineData("example.com/v1", "Widget", "shop", "%2e")]
    public void ValidateIdentity_NameOrNamespaceBreaksKubernetesRules_NamesFieldAndRule(string apiVersion, string kind, string? ns, string name)
    {
        var errors = DesiredObjects.ValidateIdentity(new ObjectRef(apiVersion, kind, ns, name));

        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Matches("^metadata\\.(name|namespace) \"", e));
    }

    [Fact]
    public void ValidateIdentity_DotNameAndDotDotNamespace_ReportsBothWithTheRule()
    {
        var errors = DesiredObjects.ValidateIdentity(new ObjectRef("v1", "Secret", "..", "."));

        Assert.Contains(errors, e => e.StartsWith("metadata.name \".\": a lowercase RFC 1123 subdomain", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("metadata.namespace \"..\": a lowercase RFC 1123 label", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("v1", "Secret", "shop", "db-password")]
    [InlineData("apps/v1", "Deployment", null, "web.v2")]
    [InlineData("rbac.authorization.k8s.io/v1", "ClusterRole", null, "system:aggregate-to-view")]
    [InlineData("v1", "Namespace", null, "shop")]
    [InlineData("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, "widgets.example.com")]
    public void ValidateIdentity_ValidNames_NoErrors(string apiVersion, string kind, string? ns, string name) =>
        Assert.Empty(DesiredObjects.ValidateIdentity(new ObjectRef(apiVersion, kind, ns, name)));
}
