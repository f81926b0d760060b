using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fleet.Simulator.Admission;

/// <summary>
/// One cause of a 422 Invalid answer, shaped like the real server's <c>details.causes[]</c> entry.
/// </summary>
/// <param name="Reason">FieldValueInvalid, FieldValueRequired, FieldValueNotSupported, FieldValueDuplicate, FieldValueForbidden or FieldValueTooLong.</param>
/// <param name="Field">The field path, such as <c>spec.template.spec.containers[0].image</c>.</param>
/// <param name="Message">The cause text without the field, such as <c>Required value</c>.</param>
public sealed record FieldError(string Reason, string Field, string Message)
{
    /// <summary>The error as the server prints it inside the Status message: <c>field: message</c>.</summary>
    public override string ToString() => $"{Field}: {Message}";

    /// <summary>An <c>Invalid value</c> error; the value is rendered the way Go's field errors print it.</summary>
    public static FieldError Invalid(string field, JsonNode? value, string detail) =>
        new(FieldErrorReasons.Invalid, field, $"Invalid value: {Render(value)}: {detail}");

    /// <summary>An <c>Invalid value</c> error for a string value.</summary>
    public static FieldError Invalid(string field, string value, string detail) =>
        Invalid(field, JsonValue.Create(value), detail);

    /// <summary>An <c>Invalid value</c> error whose value is already rendered as Go prints it (maps, structs).</summary>
    public static FieldError InvalidRendered(string field, string renderedValue, string detail) =>
        new(FieldErrorReasons.Invalid, field, $"Invalid value: {renderedValue}: {detail}");

    /// <summary>A <c>Required value</c> error, optionally with the server's detail text.</summary>
    public static FieldError Required(string field, string? detail = null) =>
        new(FieldErrorReasons.Required, field, detail is null ? "Required value" : $"Required value: {detail}");

    /// <summary>An <c>Unsupported value</c> error listing the accepted values.</summary>
    public static FieldError NotSupported(string field, JsonNode? value, IEnumerable<string> supported) =>
        new(FieldErrorReasons.NotSupported, field,
            $"Unsupported value: {Render(value)}: supported values: {string.Join(", ", supported.Select(s => $"\"{s}\""))}");

    /// <summary>A <c>Duplicate value</c> error.</summary>
    public static FieldError Duplicate(string field, JsonNode? value) =>
        new(FieldErrorReasons.Duplicate, field, $"Duplicate value: {Render(value)}");

    /// <summary>A <c>Forbidden</c> error.</summary>
    public static FieldError Forbidden(string field, string detail) =>
        new(FieldErrorReasons.Forbidden, field, $"Forbidden: {detail}");

    // Go prints strings quoted and numbers bare in field errors.
    private static string Render(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => JsonSerializer.Serialize(v.GetValue<string>()),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        JsonValue v => v.ToJsonString(),
        _ => value.ToJsonString(),
    };

    internal static string Index(string field, int index) => field + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";
}

/// <summary>The <c>reason</c> values of field errors, as the real API server names them.</summary>
public static class FieldErrorReasons
{
    /// <summary>The value is malformed or out of range.</summary>
    public const string Invalid = "FieldValueInvalid";

    /// <summary>The field is missing.</summary>
    public const string Required = "FieldValueRequired";

    /// <summary>The value is not one of an enumeration.</summary>
    public const string NotSupported = "FieldValueNotSupported";

    /// <summary>The value repeats one that must be unique.</summary>
    public const string Duplicate = "FieldValueDuplicate";

    /// <summary>The field may not be set here.</summary>
    public const string Forbidden = "FieldValueForbidden";

    /// <summary>The value is longer than allowed.</summary>
    public const string TooLong = "FieldValueTooLong";
}
