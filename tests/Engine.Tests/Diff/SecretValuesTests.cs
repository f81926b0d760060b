using System.Text.Json.Nodes;
using Fleet.Engine.Diff;

namespace Fleet.Engine.Tests.Diff;

/// <summary>Secret values never appear in what Fleet shows of a diff; which keys differ does.</summary>
public class SecretValuesTests
{
    private const string Manager = "fleet";
    private const string GitValue = "Z2l0LXNlY3JldA=="; // git-secret
    private const string LiveValue = "bGl2ZS1zZWNyZXQ="; // live-secret

    private static JsonObject Secret(string value) => JsonNode.Parse($$$"""
        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"shop"},"type":"Opaque","data":{"password":"{{{value}}}"}}
        """)!.AsObject();

    private static JsonObject StringDataSecret(string value) => JsonNode.Parse($$$"""
        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"shop"},"stringData":{"password":"{{{value}}}"}}
        """)!.AsObject();

    [Fact]
    public void Line_SecretValueChanged_NamesKeyNotValues()
    {
        var diff = ManifestDiff.Compare(Secret(GitValue), Secret(LiveValue), Manager);

        var line = SecretValues.Line(Assert.Single(diff.Differences), isSecret: true);

        Assert.Equal(".data.password: (secret value changed)", line);
    }

    [Fact]
    public void Line_StringDataInGitEditedLive_NoValueOfEitherSide()
    {
        var diff = ManifestDiff.Compare(StringDataSecret("git-secret"), Secret(LiveValue), Manager);

        var lines = diff.Differences.Select(d => SecretValues.Line(d, isSecret: true)).ToList();

        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.DoesNotContain("secret\"", l, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.DoesNotContain(LiveValue, l, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.DoesNotContain(GitValue, l, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.DoesNotContain("git-secret", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("password", StringComparison.Ordinal));
    }

    [Fact]
    public void Line_SecretMissingFromCluster_ShowsKeysNotValues()
    {
        var diff = ManifestDiff.Compare(Secret(GitValue), null, Manager);

        var line = SecretValues.Line(Assert.Single(diff.Differences), isSecret: true);

        Assert.DoesNotContain(GitValue, line, StringComparison.Ordinal);
        Assert.Contains("\"password\":\"(secret value)\"", line, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"db\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_KeyAddedAndDataMapMissingLive_SaysAddedWithoutValue()
    {
        var live = Secret(GitValue);
        live.Remove("data");

        var lines = ManifestDiff.Compare(Secret(GitValue), live, Manager).Differences.Select(d => SecretValues.Line(d, isSecret: true)).ToList();

        Assert.All(lines, l => Assert.DoesNotContain(GitValue, l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("password", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(".data.password", "\"a\"", "\"b\"", ".data.password: (secret value changed)")]
    [InlineData(".data[\"tls.key\"]", "\"a\"", null, ".data[\"tls.key\"]: (secret value added)")]
    [InlineData(".stringData.token", null, "\"b\"", ".stringData.token: (secret value removed)")]
    [InlineData(".type", "\"Opaque\"", "\"kubernetes.io/tls\"", ".type: \"kubernetes.io/tls\" -> \"Opaque\"")]
    public void Line_SecretPaths_MaskValuesOnly(string path, string? desired, string? live, string expected) =>
        Assert.Equal(expected, SecretValues.Line(new FieldDifference(path, desired, live), isSecret: true));

    [Fact]
    public void Line_NotASecret_ShowsValues() =>
        Assert.Equal(".data.password: \"b\" -> \"a\"", SecretValues.Line(new FieldDifference(".data.password", "\"a\"", "\"b\""), isSecret: false));

    [Fact]
    public void Render_SecretValueChanged_NoValueInText()
    {
        var text = ManifestDiff.Render(Secret(GitValue), Secret(LiveValue), Manager);

        Assert.Contains("@@ .data.password @@", text, StringComparison.Ordinal);
        Assert.DoesNotContain(GitValue, text, StringComparison.Ordinal);
        Assert.DoesNotContain(LiveValue, text, StringComparison.Ordinal);
    }
}
