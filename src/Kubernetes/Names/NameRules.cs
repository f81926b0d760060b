using System.Text.RegularExpressions;

namespace Fleet.Kubernetes.Names;

/// <summary>
/// The name syntaxes of Kubernetes (RFC 1123 subdomain and label, RFC 1035 label, qualified names, label values,
/// config keys). <c>Validate…</c> returns the exact messages the real API server gives (the simulator echoes them word
/// for word); an empty list means valid. <c>Is…</c> answers yes or no.
/// </summary>
public static partial class NameRules
{
    private const string Dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123SubdomainFormat = Dns1123LabelFormat + "(\\." + Dns1123LabelFormat + ")*";
    private const string Dns1035LabelFormat = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private const string QualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string LabelValueFormat = "(" + QualifiedNameFormat + ")?";
    private const string ConfigKeyFormat = "[-._a-zA-Z0-9]+";

    private const string Dns1123SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private const string Dns1123LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
    private const string Dns1035LabelMessage =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    private const string QualifiedNameMessage =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string LabelValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string ConfigKeyMessage = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";

    [GeneratedRegex("^" + Dns1123LabelFormat + "$")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex("^" + Dns1123SubdomainFormat + "$")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^" + Dns1035LabelFormat + "$")]
    private static partial Regex Dns1035Label();

    [GeneratedRegex("^" + QualifiedNameFormat + "$")]
    private static partial Regex QualifiedNamePart();

    [GeneratedRegex("^" + LabelValueFormat + "$")]
    private static partial Regex LabelValueRegex();

    [GeneratedRegex("^" + ConfigKeyFormat + "$")]
    private static partial Regex ConfigKeyRegex();

    /// <summary>True for a lowercase RFC 1123 label of at most 63 characters (namespaces; Fleet's cluster names).</summary>
    public static bool IsDns1123Label(string? value) => value is { Length: > 0 and <= 63 } && Dns1123Label().IsMatch(value);

    /// <summary>True for a lowercase RFC 1123 subdomain of at most 253 characters (most object names, label key prefixes).</summary>
    public static bool IsDns1123Subdomain(string? value) => value is { Length: > 0 and <= 253 } && Dns1123Subdomain().IsMatch(value);

    /// <summary>True for a label key or annotation key: an optional DNS subdomain prefix and '/', then a name.</summary>
    public static bool IsQualifiedName(string? value) => value is not null && ValidateQualifiedName(value).Count == 0;

    /// <summary>True for the name part of a qualified name: at most 63 alphanumerics, '-', '_' or '.', alphanumeric at both ends.</summary>
    public static bool IsQualifiedNamePart(string? value) => value is { Length: > 0 and <= 63 } && QualifiedNamePart().IsMatch(value);

    /// <summary>True for a label value: empty, or a qualified name part.</summary>
    public static bool IsLabelValue(string? value) => value is not null && (value.Length == 0 || IsQualifiedNamePart(value));

    /// <summary>Names of most objects: a lowercase RFC 1123 subdomain of at most 253 characters.</summary>
    public static IReadOnlyList<string> ValidateDns1123Subdomain(string value) =>
        Check(value, 253, Dns1123Subdomain(), RegexMessage(Dns1123SubdomainMessage, Dns1123SubdomainFormat, "example.com"));

    /// <summary>Namespace and container names: a lowercase RFC 1123 label of at most 63 characters.</summary>
    public static IReadOnlyList<string> ValidateDns1123Label(string value) =>
        Check(value, 63, Dns1123Label(), RegexMessage(Dns1123LabelMessage, Dns1123LabelFormat, "my-name", "123-abc"));

    /// <summary>Service names: an RFC 1035 label of at most 63 characters.</summary>
    public static IReadOnlyList<string> ValidateDns1035Label(string value) =>
        Check(value, 63, Dns1035Label(), RegexMessage(Dns1035LabelMessage, Dns1035LabelFormat, "my-name", "abc-123"));

    /// <summary>Label and annotation keys: an optional DNS subdomain prefix and '/', then a name of at most 63 characters.</summary>
    public static IReadOnlyList<string> ValidateQualifiedName(string value)
    {
        var errors = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                name = parts[1];
                if (parts[0].Length == 0)
                {
                    errors.Add("prefix part must be non-empty");
                }
                else
                {
                    errors.AddRange(ValidateDns1123Subdomain(parts[0]).Select(e => "prefix part " + e));
                }
                break;
            default:
                return ["a qualified name " + RegexMessage(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
        }
        if (name.Length == 0)
        {
            errors.Add("name part must be non-empty");
        }
        else if (name.Length > 63)
        {
            errors.Add("name part must be no more than 63 characters");
        }
        if (name.Length > 0 && !QualifiedNamePart().IsMatch(name))
        {
            errors.Add("name part " + RegexMessage(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc"));
        }
        return errors;
    }

    /// <summary>Label values: empty, or a name of at most 63 characters.</summary>
    public static IReadOnlyList<string> ValidateLabelValue(string value) =>
        Check(value, 63, LabelValueRegex(), RegexMessage(LabelValueMessage, LabelValueFormat, "MyValue", "my_value", "12345"));

    /// <summary>ConfigMap and Secret keys.</summary>
    public static IReadOnlyList<string> ValidateConfigKey(string value)
    {
        var errors = new List<string>();
        if (value.Length > 253)
        {
            errors.Add("must be no more than 253 characters");
        }
        if (!ConfigKeyRegex().IsMatch(value))
        {
            errors.Add(RegexMessage(ConfigKeyMessage, ConfigKeyFormat, "key.name", "KEY_NAME", "key-name"));
        }
        if (value is "." or "..")
        {
            errors.Add($"must not be '{value}'");
        }
        else if (value.StartsWith("..", StringComparison.Ordinal))
        {
            errors.Add("must not start with '..'");
        }
        return errors;
    }

    /// <summary>Names used as a single URL path segment (RBAC objects and the like).</summary>
    public static IReadOnlyList<string> ValidatePathSegment(string value)
    {
        if (value is "." or "..")
        {
            return [$"may not be '{value}'"];
        }
        var errors = new List<string>();
        foreach (var illegal in new[] { "/", "%" })
        {
            if (value.Contains(illegal, StringComparison.Ordinal))
            {
                errors.Add($"may not contain '{illegal}'");
            }
        }
        return errors;
    }

    private static List<string> Check(string value, int maxLength, Regex regex, string message)
    {
        var errors = new List<string>();
        if (value.Length > maxLength)
        {
            errors.Add($"must be no more than {maxLength} characters");
        }
        if (!regex.IsMatch(value))
        {
            errors.Add(message);
        }
        return errors;
    }

    // Mirrors how the server appends examples and the regex: "(e.g. 'a',  or 'b', regex used for validation is '...')".
    private static string RegexMessage(string message, string format, params string[] examples) =>
        message + " (e.g. " + string.Join(" or ", examples.Select(e => $"'{e}', ")) + "regex used for validation is '" + format + "')";
}
