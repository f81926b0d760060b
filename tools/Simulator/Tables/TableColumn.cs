using System.Text.Json.Nodes;

namespace Fleet.Simulator.Tables;

/// <summary>
/// One column of a server-side Table: its definition as <c>columnDefinitions</c> lists it, and how to compute its
/// cell from a stored object at a given time (ages depend on "now").
/// </summary>
/// <param name="Name">Header, such as <c>Up-to-date</c>; kubectl upper-cases it.</param>
/// <param name="Type">OpenAPI type: string, integer, number, boolean or date.</param>
/// <param name="Description">What the column shows.</param>
/// <param name="Cell">Computes the cell; null renders as <c>&lt;none&gt;</c> in kubectl.</param>
/// <param name="Priority">0 for the default view, 1 for <c>-o wide</c> only.</param>
/// <param name="Format">OpenAPI format; <c>name</c> marks the object's name column.</param>
public sealed record TableColumn(
    string Name,
    string Type,
    string Description,
    Func<JsonObject, DateTimeOffset, JsonNode?> Cell,
    int Priority = 0,
    string Format = "")
{
    /// <summary>The object's name.</summary>
    public static TableColumn ObjectName { get; } = new(
        "Name", "string", "Name of the object, unique within its namespace (or the cluster for cluster-scoped kinds).",
        (o, _) => Fields.String(o, "metadata", "name"), Format: "name");

    /// <summary>Time since creation, as kubectl prints it.</summary>
    public static TableColumn Age { get; } = new(
        "Age", "string", "Time since the object was created (metadata.creationTimestamp).",
        (o, now) => HumanDuration.Since(Fields.String(o, "metadata", "creationTimestamp"), now));

    /// <summary>Creation time in RFC 3339, as the API server's default table shows it for kinds without their own printer.</summary>
    public static TableColumn CreatedAt { get; } = new(
        "Created At", "date", "Time the object was created (metadata.creationTimestamp).",
        (o, _) => HumanDuration.TryParseTime(Fields.String(o, "metadata", "creationTimestamp"), out var time)
            ? time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)
            : null);

    /// <summary>The column definition as a Table lists it.</summary>
    public JsonObject Definition() => new()
    {
        ["name"] = Name,
        ["type"] = Type,
        ["format"] = Format,
        ["description"] = Description,
        ["priority"] = Priority,
    };

    /// <summary>A string column.</summary>
    /// <param name="name">Header.</param>
    /// <param name="description">What the column shows.</param>
    /// <param name="cell">Computes the cell text.</param>
    /// <param name="priority">0 default, 1 wide.</param>
    public static TableColumn Text(string name, string description, Func<JsonObject, DateTimeOffset, string?> cell, int priority = 0) =>
        new(name, "string", description, (o, now) => cell(o, now) is { } text ? JsonValue.Create(text) : null, priority);

    /// <summary>An integer column; cells are JSON numbers.</summary>
    /// <param name="name">Header.</param>
    /// <param name="description">What the column shows.</param>
    /// <param name="cell">Computes the number.</param>
    /// <param name="priority">0 default, 1 wide.</param>
    public static TableColumn Integer(string name, string description, Func<JsonObject, long> cell, int priority = 0) =>
        new(name, "integer", description, (o, _) => JsonValue.Create(cell(o)), priority);
}
