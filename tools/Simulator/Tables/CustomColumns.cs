using System.Text.Json.Nodes;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Tables;

/// <summary>
/// Columns of a custom resource: Name, the CRD's additionalPrinterColumns evaluated by JSONPath, then Age.
/// Cells follow the column type as the API server converts them; a path that selects nothing gives a null cell.
/// </summary>
internal static class CustomColumns
{
    private const string CreationTimestampPath = ".metadata.creationTimestamp";

    public static IReadOnlyList<TableColumn> For(ResourceType type)
    {
        var columns = new List<TableColumn> { TableColumn.ObjectName };
        columns.AddRange(type.PrinterColumns.Select(Printer));
        // CRDs usually declare their own Age column on creationTimestamp; add one only when they do not.
        if (!type.PrinterColumns.Any(c => c.JsonPath.Trim() == CreationTimestampPath))
        {
            columns.Add(TableColumn.Age);
        }

        return columns;
    }

    private static TableColumn Printer(PrinterColumn column) => new(
        column.Name,
        column.Type,
        column.Description ?? "",
        (o, now) => Cell(column.Type, SimpleJsonPath.Evaluate(o, column.JsonPath), now),
        column.Priority);

    /// <summary>Converts a selected value to a cell of the column's type; values of the wrong type give null.</summary>
    public static JsonNode? Cell(string type, JsonNode? value, DateTimeOffset now)
    {
        if (value is null)
        {
            return null;
        }

        return type switch
        {
            "string" => JsonValue.Create(Fields.Text(value)),
            "integer" => Fields.AsLong(value) is { } number ? JsonValue.Create(number) : null,
            "number" => Fields.AsDouble(value) is { } number ? JsonValue.Create(number) : null,
            "boolean" => value is JsonValue v && v.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False
                ? JsonValue.Create(v.GetValueKind() == System.Text.Json.JsonValueKind.True)
                : null,
            // Date columns show as an age, like kubectl's AGE.
            "date" => value is JsonValue text && text.GetValueKind() == System.Text.Json.JsonValueKind.String
                ? JsonValue.Create(HumanDuration.TryParseTime(text.GetValue<string>(), out var time) ? HumanDuration.Format(now - time) : "<invalid>")
                : null,
            _ => null,
        };
    }
}
