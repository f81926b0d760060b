using Fleet.Cli.Output;

namespace Fleet.Cli.Tests.Output;

public sealed class TableTests
{
    [Fact]
    public void Write_Rows_AlignsColumnsWithoutTrailingSpaces()
    {
        var table = new Table("NAME", "SYNC", "HEALTH").Add("guestbook", "Synced", "Healthy").Add("a", "OutOfSync", null);
        using var writer = new StringWriter();

        table.Write(writer, colors: false);

        Assert.Equal(
            "NAME        SYNC        HEALTH\nguestbook   Synced      Healthy\na           OutOfSync   -\n",
            writer.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Write_WithoutColors_HasNoEscapeCodes()
    {
        var table = new Table("SYNC");
        table.StatusColumns.Add(0);
        table.Add("Degraded");
        using var plain = new StringWriter();
        using var colored = new StringWriter();

        table.Write(plain, colors: false);
        table.Write(colored, colors: true);

        Assert.DoesNotContain('\u001b', plain.ToString());
        Assert.Contains("\u001b[31m", colored.ToString(), StringComparison.Ordinal);
    }
}
