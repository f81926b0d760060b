using System.Text.RegularExpressions;

namespace Fleet.Api.Validation;

/// <summary>Collects field errors for a 400 problem details answer.</summary>
public sealed partial class RequestValidation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public IDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public RequestValidation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            list = [];
            _errors[field] = list;
        }
        list.Add(message);
        return this;
    }

    /// <summary>Names of clusters, repositories and applications: RFC 1123 labels (they become label values and URL parts).</summary>
    public RequestValidation Name(string field, string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 63 || !Label().IsMatch(value))
        {
            Add(field, $"\"{value}\" must be a lowercase RFC 1123 label: at most 63 characters, a-z, 0-9 and '-', starting and ending with a letter or digit");
        }
        return this;
    }

    public RequestValidation Required(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required");
        }
        return this;
    }

    public RequestValidation Url(string field, string? value, params string[] schemes)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Add(field, "is required");
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme))
        {
            Add(field, $"\"{value}\" must be an absolute URL with scheme {string.Join(", ", schemes)}");
        }
        return this;
    }

    /// <summary>Label keys (optional DNS prefix + name) and values as Kubernetes accepts them.</summary>
    public RequestValidation Labels(string field, IReadOnlyDictionary<string, string>? labels)
    {
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            var name = key.Contains('/') ? key[(key.IndexOf('/') + 1)..] : key;
            var prefix = key.Contains('/') ? key[..key.IndexOf('/')] : null;
            if (name.Length is 0 or > 63 || !QualifiedName().IsMatch(name) || (prefix is not null && (prefix.Length > 253 || !Subdomain().IsMatch(prefix))))
            {
                Add($"{field}.{key}", "label keys are an optional DNS prefix and '/', then at most 63 characters of a-z, A-Z, 0-9, '-', '_' or '.', starting and ending alphanumeric");
            }
            if (value.Length > 63 || (value.Length > 0 && !QualifiedName().IsMatch(value)))
            {
                Add($"{field}.{key}", $"label value \"{value}\" must be at most 63 characters of a-z, A-Z, 0-9, '-', '_' or '.', starting and ending alphanumeric");
            }
        }
        return this;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex QualifiedName();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();
}
