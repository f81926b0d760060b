namespace Fleet.Kubernetes.Names;

/// <summary>
/// The label key and value rules of <see cref="NameRules"/>, with messages that tell a person how to fix the label
/// (Fleet's own API and selectors); the simulator uses the server's exact wording from <see cref="NameRules"/> instead.
/// </summary>
public static class LabelRules
{
    private const string NameRule = "at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";

    /// <summary>What is wrong with a label key, or null when it is valid.</summary>
    public static string? KeyProblem(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/');
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (!NameRules.IsDns1123Subdomain(prefix))
            {
                return $"key \"{key}\" has an invalid prefix \"{prefix}\": use a lowercase DNS subdomain (such as example.com) of at most 253 characters";
            }
        }

        return NameRules.IsQualifiedNamePart(name) ? null : $"key \"{key}\" has an invalid name \"{name}\": use {NameRule}";
    }

    /// <summary>What is wrong with a label value, or null when it is valid (the empty value is valid).</summary>
    public static string? ValueProblem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return NameRules.IsLabelValue(value) ? null : $"value \"{value}\" is not a valid label value: use {NameRule}, or an empty value";
    }
}
