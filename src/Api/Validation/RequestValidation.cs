using Fleet.Kubernetes.Names;

namespace Fleet.Api.Validation;

/// <summary>Collects field errors for a 400 problem details answer; the Kubernetes rules come from Fleet.Kubernetes.</summary>
public sealed class RequestValidation
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
        if (!NameRules.IsDns1123Label(value))
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

    /// <summary>Annotation keys, which follow the label key rules (their values are free text).</summary>
    public RequestValidation AnnotationKeys(string field, IReadOnlyDictionary<string, string>? annotations)
    {
        foreach (var key in annotations?.Keys ?? [])
        {
            if (LabelRules.KeyProblem(key) is { } keyProblem)
            {
                Add($"{field}.{key}", keyProblem);
            }
        }
        return this;
    }

    /// <summary>Label keys (optional DNS prefix + name) and values as Kubernetes accepts them.</summary>
    public RequestValidation Labels(string field, IReadOnlyDictionary<string, string>? labels)
    {
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            if (LabelRules.KeyProblem(key) is { } keyProblem)
            {
                Add($"{field}.{key}", keyProblem);
            }
            if (LabelRules.ValueProblem(value) is { } valueProblem)
            {
                Add($"{field}.{key}", valueProblem);
            }
        }
        return this;
    }
}
