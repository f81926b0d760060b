using System.Text.Json.Nodes;
using Fleet.Cli.Output;

namespace Fleet.Cli.Tests.Output;

public sealed class PrinterTests
{
    private static readonly JsonNode Document = JsonNode.Parse("""{"name":"web","revision":null,"count":3,"ratio":0.5,"on":true,"version":"1.0","items":["a"]}""")!;

    [Fact]
    public void Print_Yaml_WritesScalarsTypedAndLeavesOutNulls()
    {
        using var writer = new StringWriter();

        new Printer(writer, OutputFormat.Yaml, colors: false).Print(Document, () => Assert.Fail("the table must not be printed"));

        var yaml = writer.ToString().ReplaceLineEndings("\n");
        Assert.Contains("name: web\n", yaml, StringComparison.Ordinal);
        Assert.Contains("count: 3\n", yaml, StringComparison.Ordinal);
        Assert.Contains("ratio: 0.5\n", yaml, StringComparison.Ordinal);
        Assert.Contains("on: true\n", yaml, StringComparison.Ordinal);
        Assert.Contains("version: \"1.0\"\n", yaml, StringComparison.Ordinal);
        Assert.Contains("items:\n- a\n", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("revision", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Print_Json_WritesTheDocumentUnchanged()
    {
        using var writer = new StringWriter();

        new Printer(writer, OutputFormat.Json, colors: false).Print(Document, () => Assert.Fail("the table must not be printed"));

        Assert.True(JsonNode.DeepEquals(Document, JsonNode.Parse(writer.ToString())));
    }

    [Fact]
    public void Line_MachineFormat_PrintsNothing()
    {
        using var writer = new StringWriter();

        new Printer(writer, OutputFormat.Json, colors: false).Line("cluster/x removed");

        Assert.Equal("", writer.ToString());
    }
}
