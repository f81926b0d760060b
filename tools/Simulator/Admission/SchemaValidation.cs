using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fleet.Simulator.Admission;

/// <summary>
/// A subset of OpenAPI v3 validation for custom resources: <c>required</c>, <c>type</c>, <c>enum</c> and
/// <c>nullable</c>, recursing through <c>properties</c>, <c>items</c> and <c>additionalProperties</c>, with the
/// messages of the real server. Formats, patterns, bounds and CEL rules are not checked.
/// </summary>
internal static class SchemaValidation
{
    // Object metadata is validated as metadata, never against the CRD schema.
    private static readonly string[] RootSkipped = ["apiVersion", "kind", "metadata"];

    public static void Validate(JsonObject? schema, JsonObject obj, List<FieldError> errors)
    {
        if (schema is not null)
        {
            ValidateNode(schema, obj, "", errors);
        }
    }

    private static void ValidateNode(JsonObject schema, JsonNode? value, string path, List<FieldError> errors)
    {
        var actual = TypeOf(value);
        if (actual == "null")
        {
            if (Json.Boolean(schema, "nullable") != true && Json.String(schema, "type") is { } expectedType)
            {
                errors.Add(TypeError(path, expectedType, actual));
            }
            return;
        }
        if (Json.String(schema, "type") is { } expected && !Conforms(expected, actual))
        {
            errors.Add(TypeError(path, expected, actual));
            return;
        }
        if (Json.Array(schema, "enum") is { Count: > 0 } allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add(FieldError.NotSupported(path, value, allowed.Select(a => a is JsonValue v && v.TryGetValue(out string? s) ? s : a?.ToJsonString() ?? "null")));
        }
        switch (value)
        {
            case JsonObject obj:
                ValidateObject(schema, obj, path, errors);
                break;
            case JsonArray array when Json.Object(schema, "items") is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    ValidateNode(items, array[i], FieldError.Index(path, i), errors);
                }
                break;
            default:
                break;
        }
    }

    private static void ValidateObject(JsonObject schema, JsonObject obj, string path, List<FieldError> errors)
    {
        var isRoot = path.Length == 0;
        foreach (var required in Json.Array(schema, "required") ?? [])
        {
            var name = Json.Text(required) ?? "";
            if (!(isRoot && RootSkipped.Contains(name)) && !obj.ContainsKey(name))
            {
                errors.Add(FieldError.Required(Child(path, name)));
            }
        }
        var properties = Json.Object(schema, "properties");
        var additional = Json.Object(schema, "additionalProperties");
        foreach (var (name, child) in obj)
        {
            if (isRoot && RootSkipped.Contains(name))
            {
                continue;
            }
            if (Json.Object(properties, name) is { } childSchema)
            {
                ValidateNode(childSchema, child, Child(path, name), errors);
            }
            else if (additional is not null)
            {
                ValidateNode(additional, child, path.Length == 0 ? name : $"{path}[{name}]", errors);
            }
        }
    }

    private static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static FieldError TypeError(string path, string expected, string actual) =>
        FieldError.Invalid(path, actual, $"{path} in body must be of type {expected}: \"{actual}\"");

    private static bool Conforms(string expected, string actual) =>
        expected == actual || (expected == "number" && actual == "integer");

    private static string TypeOf(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => Json.Number(v) is { } n && Math.Floor(n) == n && !double.IsInfinity(n) ? "integer" : "number",
            _ => "null",
        },
        _ => "null",
    };
}
