using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Fleet.Kubernetes.Yaml;

/// <summary>
/// Types YAML scalars the way Kubernetes reads manifests: the YAML 1.2 core schema. A plain (unquoted) scalar may be
/// null, a boolean, an integer or a float; anything quoted, or a block scalar, is a string. Unlike YAML 1.1,
/// <c>yes</c>, <c>no</c>, <c>on</c> and <c>off</c> stay strings, so a label value <c>on</c> survives.
/// </summary>
internal static partial class YamlScalars
{
    private const string CoreTagPrefix = "tag:yaml.org,2002:";

    /// <summary>Converts a scalar to its JSON value. Throws <see cref="FormatException"/> when an explicit tag does not fit the value.</summary>
    public static JsonNode? ToJson(string value, bool isPlain, string? tag)
    {
        if (tag is null)
        {
            return isPlain ? ResolvePlain(value) : JsonValue.Create(value);
        }

        return tag switch
        {
            CoreTagPrefix + "str" => JsonValue.Create(value),
            CoreTagPrefix + "null" => IsNull(value) ? null : throw Mismatch(value, "null"),
            CoreTagPrefix + "bool" => IsBool(value, out var flag) ? JsonValue.Create(flag) : throw Mismatch(value, "bool"),
            CoreTagPrefix + "int" => TryInteger(value, out var integer) ? integer : throw Mismatch(value, "int"),
            CoreTagPrefix + "float" => TryFloat(value, out var number) ? number : throw Mismatch(value, "float"),

            // A custom tag (!Ref, !secret) means nothing to Kubernetes: keep the value as a string.
            _ => JsonValue.Create(value),
        };
    }

    private static JsonNode? ResolvePlain(string value)
    {
        if (IsNull(value))
        {
            return null;
        }

        if (IsBool(value, out var flag))
        {
            return JsonValue.Create(flag);
        }

        if (TryInteger(value, out var integer) || TryFloat(value, out integer))
        {
            return integer;
        }

        return JsonValue.Create(value);
    }

    private static bool IsNull(string value) => value is "" or "~" or "null" or "Null" or "NULL";

    private static bool IsBool(string value, out bool flag)
    {
        flag = value is "true" or "True" or "TRUE";
        return flag || value is "false" or "False" or "FALSE";
    }

    private static bool TryInteger(string value, out JsonNode? node)
    {
        node = null;
        BigInteger integer;
        if (DecimalInteger().IsMatch(value))
        {
            integer = BigInteger.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        else if (value.StartsWith("0x", StringComparison.Ordinal) && HexDigits().IsMatch(value.AsSpan(2)))
        {
            // A leading 0 keeps BigInteger from reading the top bit as a sign.
            integer = BigInteger.Parse("0" + value[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }
        else if (value.StartsWith("0o", StringComparison.Ordinal) && OctalDigits().IsMatch(value.AsSpan(2)))
        {
            integer = value[2..].Aggregate(BigInteger.Zero, (sum, digit) => (sum * 8) + (digit - '0'));
        }
        else
        {
            return false;
        }

        // Integers beyond 64 bits stay integers: the node holds the digits rather than a lossy double.
        node = integer >= long.MinValue && integer <= long.MaxValue
            ? JsonValue.Create((long)integer)
            : JsonNode.Parse(integer.ToString(CultureInfo.InvariantCulture));
        return true;
    }

    private static bool TryFloat(string value, out JsonNode? node)
    {
        node = null;
        if (!DecimalFloat().IsMatch(value))
        {
            // .inf and .nan are floats in YAML, but JSON has no spelling for them.
            if (SpecialFloat().IsMatch(value))
            {
                throw new FormatException($"the value '{value}' is an infinite or not-a-number float, which JSON cannot hold; quote it to make it a string.");
            }

            return false;
        }

        // Keep the digits as written, only reshaped into JSON's number grammar (no leading '+', no bare '.').
        var text = value.TrimStart('+');
        var negative = text.StartsWith('-');
        var unsigned = negative ? text[1..] : text;
        if (unsigned.StartsWith('.'))
        {
            unsigned = "0" + unsigned;
        }

        unsigned = unsigned.Replace(".e", ".0e", StringComparison.Ordinal).Replace(".E", ".0E", StringComparison.Ordinal);
        if (unsigned.EndsWith('.'))
        {
            unsigned += "0";
        }

        unsigned = unsigned.TrimStart('0');
        if (unsigned.Length == 0 || !char.IsAsciiDigit(unsigned[0]))
        {
            unsigned = "0" + unsigned;
        }

        node = JsonNode.Parse((negative ? "-" : "") + unsigned);
        return true;
    }

    private static FormatException Mismatch(string value, string type) =>
        new($"the value '{value}' is tagged !!{type} but is not a valid {type}.");

    [GeneratedRegex(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalInteger();

    [GeneratedRegex(@"^[0-9a-fA-F]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HexDigits();

    [GeneratedRegex(@"^[0-7]+$", RegexOptions.CultureInvariant)]
    private static partial Regex OctalDigits();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalFloat();

    [GeneratedRegex(@"^([-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    private static partial Regex SpecialFloat();
}
