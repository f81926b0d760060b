using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fleet.Simulator.FieldManagement;

/// <summary>What one step of a field path selects: a named field, a keyed list item, a set item or a list position.</summary>
/// <remarks>The declaration order is the order in which the API server sorts siblings in <c>fieldsV1</c>.</remarks>
public enum PathElementKind
{
    /// <summary>A struct field or map key, written <c>f:name</c>.</summary>
    Field,

    /// <summary>An item of a map-list, written <c>k:{"name":"nginx"}</c>.</summary>
    Key,

    /// <summary>An item of a set, written <c>v:"value"</c>.</summary>
    Value,

    /// <summary>A list position, written <c>i:3</c>; only used when a map-list item carries none of its keys.</summary>
    Index,
}

/// <summary>
/// One step of a field path, held in its canonical <c>fieldsV1</c> spelling so that equal steps compare equal
/// whatever JSON they were computed from.
/// </summary>
public readonly struct PathElement : IEquatable<PathElement>, IComparable<PathElement>
{
    // Kubernetes writes keys and values the way Go's encoder does: compact, with readable non-ASCII text.
    private static readonly JsonSerializerOptions Compact = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private PathElement(PathElementKind kind, string wire)
    {
        Kind = kind;
        Wire = wire;
    }

    /// <summary>Which kind of step this is.</summary>
    public PathElementKind Kind { get; }

    /// <summary>The <c>fieldsV1</c> key for this step, such as <c>f:spec</c> or <c>k:{"name":"nginx"}</c>.</summary>
    public string Wire { get; }

    /// <summary>The field name of a <see cref="PathElementKind.Field"/> step.</summary>
    public string FieldName => Kind == PathElementKind.Field ? Wire[2..] : throw new InvalidOperationException($"{Wire} is not a field.");

    /// <summary>A step into the named field.</summary>
    public static PathElement Field(string name) => new(PathElementKind.Field, "f:" + name);

    /// <summary>A step into the map-list item whose key fields have the given values (sorted by field name).</summary>
    public static PathElement Key(IEnumerable<KeyValuePair<string, JsonNode?>> keyFields)
    {
        var sorted = new JsonObject();
        foreach (var (name, value) in keyFields.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sorted[name] = value?.DeepClone();
        }

        return new(PathElementKind.Key, "k:" + sorted.ToJsonString(Compact));
    }

    /// <summary>A step into the set item with the given value.</summary>
    public static PathElement Value(JsonNode? value) =>
        new(PathElementKind.Value, "v:" + (value?.ToJsonString(Compact) ?? "null"));

    /// <summary>A step into the list item at a position.</summary>
    public static PathElement Index(int index) =>
        new(PathElementKind.Index, "i:" + index.ToString(CultureInfo.InvariantCulture));

    /// <summary>Reads a <c>fieldsV1</c> key; keys and values are re-encoded so the result is canonical.</summary>
    public static PathElement Parse(string wire)
    {
        if (wire.Length < 2 || wire[1] != ':')
        {
            throw new FormatException($"Invalid fieldsV1 key \"{wire}\".");
        }

        var body = wire[2..];
        return wire[0] switch
        {
            'f' => Field(body),
            'k' => Key(JsonNode.Parse(body)?.AsObject() ?? throw new FormatException($"Invalid fieldsV1 key \"{wire}\".")),
            'v' => Value(JsonNode.Parse(body)),
            'i' => Index(int.Parse(body, NumberStyles.None, CultureInfo.InvariantCulture)),
            _ => throw new FormatException($"Invalid fieldsV1 key \"{wire}\"."),
        };
    }

    /// <summary>Writes this step as the API server does in conflict messages: <c>.name</c>, <c>[name="nginx"]</c>, <c>[=value]</c>, <c>[3]</c>.</summary>
    public void AppendTo(StringBuilder path)
    {
        var body = Wire[2..];
        switch (Kind)
        {
            case PathElementKind.Field:
                path.Append('.').Append(body);
                break;
            case PathElementKind.Key:
                path.Append('[');
                var first = true;
                foreach (var (name, value) in JsonNode.Parse(body)!.AsObject())
                {
                    path.Append(first ? "" : ",").Append(name).Append('=').Append(value?.ToJsonString(Compact) ?? "null");
                    first = false;
                }

                path.Append(']');
                break;
            case PathElementKind.Value:
                path.Append("[=").Append(body).Append(']');
                break;
            default:
                path.Append('[').Append(body).Append(']');
                break;
        }
    }

    /// <summary>Formats a whole path, such as <c>.spec.template.spec.containers[name="nginx"].image</c>.</summary>
    public static string Format(IEnumerable<PathElement> path)
    {
        var text = new StringBuilder();
        foreach (var element in path)
        {
            element.AppendTo(text);
        }

        return text.ToString();
    }

    /// <inheritdoc/>
    public bool Equals(PathElement other) => string.Equals(Wire, other.Wire, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PathElement other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Wire ?? "");

    /// <inheritdoc/>
    public int CompareTo(PathElement other)
    {
        var byKind = Kind.CompareTo(other.Kind);
        if (byKind != 0)
        {
            return byKind;
        }

        // Positions sort numerically; everything else by its canonical text, which is stable if not semantic.
        return Kind == PathElementKind.Index
            ? int.Parse(Wire.AsSpan(2), CultureInfo.InvariantCulture).CompareTo(int.Parse(other.Wire.AsSpan(2), CultureInfo.InvariantCulture))
            : string.CompareOrdinal(Wire, other.Wire);
    }

    /// <summary>Equality by canonical spelling.</summary>
    public static bool operator ==(PathElement left, PathElement right) => left.Equals(right);

    /// <summary>Inequality by canonical spelling.</summary>
    public static bool operator !=(PathElement left, PathElement right) => !left.Equals(right);

    /// <summary>Sort order of <c>fieldsV1</c> siblings.</summary>
    public static bool operator <(PathElement left, PathElement right) => left.CompareTo(right) < 0;

    /// <summary>Sort order of <c>fieldsV1</c> siblings.</summary>
    public static bool operator >(PathElement left, PathElement right) => left.CompareTo(right) > 0;

    /// <summary>Sort order of <c>fieldsV1</c> siblings.</summary>
    public static bool operator <=(PathElement left, PathElement right) => left.CompareTo(right) <= 0;

    /// <summary>Sort order of <c>fieldsV1</c> siblings.</summary>
    public static bool operator >=(PathElement left, PathElement right) => left.CompareTo(right) >= 0;

    /// <inheritdoc/>
    public override string ToString() => Wire;
}
