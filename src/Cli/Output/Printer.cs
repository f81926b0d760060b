using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace Fleet.Cli.Output;

/// <summary>How a command prints what it read: <c>-o</c> / <c>--output</c>.</summary>
public enum OutputFormat
{
    /// <summary>An aligned table or a short description (the default).</summary>
    Table,

    /// <summary>The table with more columns.</summary>
    Wide,

    /// <summary>The server's JSON, indented.</summary>
    Json,

    /// <summary>The server's document as YAML.</summary>
    Yaml,
}

/// <summary>Writes documents as JSON or YAML, and tables for people.</summary>
public sealed class Printer(TextWriter output, OutputFormat format, bool colors)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly ISerializer Yaml = new SerializerBuilder().WithQuotingNecessaryStrings().Build();

    /// <summary>The chosen format.</summary>
    public OutputFormat Format => format;

    /// <summary>Whether the caller asked for a machine format (json or yaml) rather than text for people.</summary>
    public bool IsMachine => format is OutputFormat.Json or OutputFormat.Yaml;

    /// <summary>Whether the wide table was asked for.</summary>
    public bool IsWide => format == OutputFormat.Wide;

    /// <summary>Whether colours may be used.</summary>
    public bool Colors => colors;

    /// <summary>The writer behind this printer.</summary>
    public TextWriter Out => output;

    /// <summary>Prints <paramref name="document"/> as JSON or YAML, or calls <paramref name="human"/> for the text formats.</summary>
    public void Print(JsonNode? document, Action human)
    {
        switch (format)
        {
            case OutputFormat.Json:
                output.WriteLine(document?.ToJsonString(Indented) ?? "null");
                break;
            case OutputFormat.Yaml:
                output.Write(Yaml.Serialize(ToPlain(document)));
                break;
            default:
                human();
                break;
        }
    }

    /// <summary>Prints a document to be edited and applied again: YAML, unless JSON was asked for.</summary>
    public void PrintDocument(JsonNode document)
    {
        if (format == OutputFormat.Json)
        {
            output.WriteLine(document.ToJsonString(Indented));
            return;
        }
        output.Write(Yaml.Serialize(ToPlain(document)));
    }

    /// <summary>Prints a table.</summary>
    public void Print(Table table) => table.Write(output, colors);

    /// <summary>Writes one line for people (suppressed for json and yaml, which print the document instead).</summary>
    public void Line(string text = "")
    {
        if (!IsMachine)
        {
            output.WriteLine(text);
        }
    }

    /// <summary>A JSON document as dictionaries, lists and scalars, which YamlDotNet writes as plain YAML.</summary>
    private static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        // Null fields are left out, as kubectl does, rather than printed as empty values.
        JsonObject obj => obj.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => ToPlain(p.Value)),
        JsonArray array => array.Select(ToPlain).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => value.TryGetValue<long>(out var integer) ? integer : value.GetValue<decimal>(),
            _ => null,
        },
        _ => null,
    };
}
