using System.Text.Json.Nodes;
using Fleet.Kubernetes.Yaml;

namespace Fleet.Kubernetes.Tests.Yaml;

public class YamlReaderTests
{
    [Fact]
    public void Read_Scalars_TypedByYaml12CoreSchema()
    {
        const string Yaml = """
            int: 3
            quotedInt: "3"
            singleQuoted: '3'
            negative: -17
            hex: 0x1F
            octal: 0o17
            float: 1.5
            bareFloat: .5
            exponent: 1e3
            bool: true
            capitalBool: False
            tilde: ~
            null: null
            empty:
            yes: yes
            no: no
            on: on
            off: off
            big: 123456789012345678901234567890
            leadingZero: 0012
            literal: |
              12
            version: 1.2.3
            """;

        var root = ReadSingle(Yaml);

        Assert.Equal("""{"int":3,"quotedInt":"3","singleQuoted":"3","negative":-17,"hex":31,"octal":15,"float":1.5,"bareFloat":0.5,"exponent":1e3,"bool":true,"capitalBool":false,"tilde":null,"null":null,"empty":null,"yes":"yes","no":"no","on":"on","off":"off","big":123456789012345678901234567890,"leadingZero":12,"literal":"12\n","version":"1.2.3"}""",
            root.ToJsonString());
    }

    [Fact]
    public void Read_ExplicitStringTag_KeepsString()
    {
        var root = ReadSingle("port: !!str 80\nreplicas: !!int \"2\"");

        Assert.Equal("""{"port":"80","replicas":2}""", root.ToJsonString());
    }

    [Fact]
    public void Read_AnchorsAliasesAndMergeKeys_Resolved()
    {
        const string Yaml = """
            defaults: &defaults
              app: web
              tier: front
            labels:
              <<: *defaults
              tier: back
            copy: *defaults
            """;

        var root = ReadSingle(Yaml);

        Assert.Equal("""{"app":"web","tier":"front"}""", root["copy"]!.ToJsonString());
        Assert.Equal("back", root["labels"]!["tier"]!.GetValue<string>());
        Assert.Equal("web", root["labels"]!["app"]!.GetValue<string>());
    }

    [Fact]
    public void Read_KeyOrder_Kept()
    {
        var root = ReadSingle("zeta: 1\nalpha: 2\nmid: 3");

        Assert.Equal(["zeta", "alpha", "mid"], root.Select(property => property.Key));
    }

    [Fact]
    public void Read_DuplicateKey_ThrowsWithLine()
    {
        var exception = Assert.Throws<YamlReadException>(() => YamlReader.Read("a: 1\nb: 2\na: 3\n"));

        Assert.Equal(3, exception.Line);
        Assert.Contains("'a'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AliasExplosion_StopsWithError()
    {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
        for (var level = 1; level < 9; level++)
        {
            yaml += $"l{level}: &l{level} [{string.Join(", ", Enumerable.Repeat(level == 1 ? "*a" : $"*l{level - 1}", 10))}]\n";
        }

        var exception = Assert.Throws<YamlReadException>(() => YamlReader.Read(yaml));

        Assert.Contains("aliases", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DocumentLines_PointAtEachDocument()
    {
        var source = YamlReader.Read("# comment\na: 1\n---\n\n---\nb: 2\n");

        Assert.Equal(3, source.Documents.Count);
        Assert.Equal(2, source.Documents[0].Line);
        Assert.Null(source.Documents[1].Root);
        Assert.Equal(6, source.Documents[2].Line);
    }

    private static JsonObject ReadSingle(string yaml) =>
        Assert.IsType<JsonObject>(Assert.Single(YamlReader.Read(yaml).Documents).Root);
}
