using Fleet.Kubernetes.Names;

namespace Fleet.Kubernetes.Tests.Names;

public class NameRulesTests
{
    [Theory]
    [InlineData("prod", true)]
    [InlineData("eu-west-1", true)]
    [InlineData("Prod", false)]
    [InlineData("-prod", false)]
    [InlineData("prod_1", false)]
    [InlineData("a.b", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsDns1123Label_KubernetesRule(string? name, bool valid) =>
        Assert.Equal(valid, NameRules.IsDns1123Label(name));

    [Fact]
    public void IsDns1123Label_LongerThan63_IsRejected()
    {
        Assert.True(NameRules.IsDns1123Label(new string('a', 63)));
        Assert.False(NameRules.IsDns1123Label(new string('a', 64)));
        Assert.Equal(["must be no more than 63 characters"], NameRules.ValidateDns1123Label(new string('a', 64)));
    }

    [Theory]
    [InlineData("example.com", true)]
    [InlineData("a", true)]
    [InlineData("Example.com", false)]
    [InlineData("a..b", false)]
    [InlineData("", false)]
    public void IsDns1123Subdomain_KubernetesRule(string name, bool valid)
    {
        Assert.Equal(valid, NameRules.IsDns1123Subdomain(name));
        Assert.Equal(valid, NameRules.ValidateDns1123Subdomain(name).Count == 0);
    }

    [Fact]
    public void ValidateDns1123Subdomain_BadName_GivesTheServersMessage() =>
        Assert.Equal(
            ["a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
            NameRules.ValidateDns1123Subdomain("Bad_Name"));

    [Theory]
    [InlineData("env", true)]
    [InlineData("example.com/tier", true)]
    [InlineData("Env.Name_1", true)]
    [InlineData("bad key", false)]
    [InlineData("/env", false)]
    [InlineData("a/b/c", false)]
    [InlineData("Example.com/x", false)]
    [InlineData("-env", false)]
    public void IsQualifiedName_LabelKeys(string key, bool valid)
    {
        Assert.Equal(valid, NameRules.IsQualifiedName(key));
        Assert.Equal(valid, LabelRules.KeyProblem(key) is null);
    }

    [Fact]
    public void ValidateQualifiedName_EmptyPrefix_SaysSo() =>
        Assert.Equal(["prefix part must be non-empty"], NameRules.ValidateQualifiedName("/env"));

    [Theory]
    [InlineData("", true)]
    [InlineData("prod", true)]
    [InlineData("a_b.c-d", true)]
    [InlineData("not valid!", false)]
    [InlineData("-x", false)]
    public void IsLabelValue_KubernetesRule(string value, bool valid)
    {
        Assert.Equal(valid, NameRules.IsLabelValue(value));
        Assert.Equal(valid, LabelRules.ValueProblem(value) is null);
        Assert.Equal(valid, NameRules.ValidateLabelValue(value).Count == 0);
    }

    [Fact]
    public void LabelRules_Problems_SayHowToFix()
    {
        Assert.StartsWith("key \"Example.com/env\" has an invalid prefix \"Example.com\"", LabelRules.KeyProblem("Example.com/env"));
        Assert.StartsWith("value \"prod!\" is not a valid label value", LabelRules.ValueProblem("prod!"));
        Assert.False(NameRules.IsLabelValue(new string('a', 64)));
    }
}
