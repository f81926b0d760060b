using System.Text;
using System.Text.RegularExpressions;

namespace Fleet.Grains.Rendering;

/// <summary>
/// Substitutes <c>{{cluster.name}}</c> and <c>{{cluster.labels.KEY}}</c> (whitespace inside the braces allowed).
/// Only placeholders starting with <c>cluster.</c> are variables: other double-brace text, such as Go templates in a
/// ConfigMap holding alerting rules, passes through untouched.
/// </summary>
public static partial class ClusterTemplate
{
    private const string LabelsPrefix = "labels.";

    /// <summary>Replaces the cluster variables in <paramref name="text"/>.</summary>
    /// <param name="text">A manifest, a rendered multi-document YAML, or an application path.</param>
    /// <param name="variables">The cluster's name and labels.</param>
    /// <returns>The substituted text, and an error naming each unknown variable or missing label.</returns>
    public static TemplateResult Substitute(string text, ClusterVariables variables)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(variables);

        var errors = new List<TemplateError>();
        var output = new StringBuilder(text.Length);
        var copiedUpTo = 0;
        var line = 1;
        var substitutions = 0;
        foreach (Match match in Placeholder().Matches(text))
        {
            line += CountNewLines(text, copiedUpTo, match.Index);
            output.Append(text, copiedUpTo, match.Index - copiedUpTo);
            copiedUpTo = match.Index + match.Length;

            var variable = "cluster." + match.Groups["path"].Value;
            var value = Resolve(match.Groups["path"].Value, variables, out var problem);
            if (value is null)
            {
                errors.Add(new TemplateError(line, variable, problem!));
                output.Append(match.Value);
            }
            else
            {
                output.Append(value);
                substitutions++;
            }
        }

        output.Append(text, copiedUpTo, text.Length - copiedUpTo);
        return new TemplateResult(output.ToString(), errors) { Substitutions = substitutions };
    }

    /// <summary>
    /// True when <paramref name="text"/> references any cluster variable, i.e. when its render differs between
    /// clusters. A render of text without variables can be shared by every cluster.
    /// </summary>
    public static bool UsesClusterVariables(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Placeholder().IsMatch(text);
    }

    private static string? Resolve(string path, ClusterVariables variables, out string? problem)
    {
        problem = null;
        if (path == "name")
        {
            return variables.Name;
        }

        if (path.StartsWith(LabelsPrefix, StringComparison.Ordinal) && path.Length > LabelsPrefix.Length)
        {
            var key = path[LabelsPrefix.Length..];
            if (variables.Labels.TryGetValue(key, out var value))
            {
                return value;
            }

            problem = $"{{{{cluster.{path}}}}} refers to label '{key}', which cluster '{variables.Name}' does not have; " +
                $"add the label to the cluster or stop targeting this cluster.";
            return null;
        }

        problem = $"unknown variable {{{{cluster.{path}}}}}; the variables are {{{{cluster.name}}}} and {{{{cluster.labels.KEY}}}}.";
        return null;
    }

    private static int CountNewLines(string text, int start, int end) => text.AsSpan(start, end - start).Count('\n');

    // Label keys may hold a DNS prefix and a slash (topology.kubernetes.io/zone), so the path takes those characters.
    [GeneratedRegex(@"\{\{[ \t]*cluster\.(?<path>[A-Za-z0-9_./-]+)[ \t]*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
