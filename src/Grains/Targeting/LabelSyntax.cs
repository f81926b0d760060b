using System.Text.RegularExpressions;

namespace Fleet.Grains.Targeting;

/// <summary>The Kubernetes syntax rules for label keys and values, with messages that say how to fix them.</summary>
internal static partial class LabelSyntax
{
    private const int MaxNameLength = 63;
    private const int MaxPrefixLength = 253;
    private const string NameRule = "at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";

    /// <summary>What is wrong with a label key, or null when it is valid.</summary>
    public static string? KeyProblem(string key)
    {
        var slash = key.IndexOf('/');
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (prefix.Length == 0 || prefix.Length > MaxPrefixLength || !DnsSubdomain().IsMatch(prefix))
            {
                return $"key \"{key}\" has an invalid prefix \"{prefix}\": use a lowercase DNS subdomain (such as example.com) of at most 253 characters";
            }
        }

        return name.Length == 0 || name.Length > MaxNameLength || !Name().IsMatch(name)
            ? $"key \"{key}\" has an invalid name \"{name}\": use {NameRule}"
            : null;
    }

    /// <summary>What is wrong with a label value, or null when it is valid (the empty value is valid).</summary>
    public static string? ValueProblem(string value) =>
        value.Length == 0 || (value.Length <= MaxNameLength && Name().IsMatch(value))
            ? null
            : $"value \"{value}\" is not a valid label value: use {NameRule}, or an empty value";

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex Name();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();
}
