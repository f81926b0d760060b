using System.Text;
using Fleet.Engine.Status;

namespace Fleet.Reconciler.Kubernetes;

/// <summary>
/// Builds API paths relative to the cluster's base URL (no leading slash, so a path prefix in the server URL is kept).
/// </summary>
internal static class ResourcePaths
{
    /// <summary><c>api/v1</c> for the core group, <c>apis/group/version</c> otherwise.</summary>
    public static string GroupVersion(string apiVersion) =>
        apiVersion.Contains('/', StringComparison.Ordinal) ? $"apis/{apiVersion}" : $"api/{apiVersion}";

    /// <summary>The collection of a kind: in one namespace, or across all namespaces when <paramref name="ns"/> is null.</summary>
    public static string Collection(ResourceMapping mapping, string? ns)
    {
        var path = new StringBuilder(GroupVersion(mapping.ApiVersion)).Append('/');
        if (mapping.Namespaced && ns is not null)
        {
            path.Append("namespaces/").Append(Segment(ns, "namespace")).Append('/');
        }
        return path.Append(mapping.Plural).ToString();
    }

    /// <summary>One object.</summary>
    public static string Object(ResourceMapping mapping, string? ns, string name) =>
        $"{Collection(mapping, ns)}/{Segment(name, "name")}";

    /// <summary>
    /// One path segment, escaped. Empty, "." and ".." are refused: URL resolution drops or climbs them, so a request
    /// for one object would become a list of a whole kind, made with Fleet's credentials.
    /// </summary>
    public static string Segment(string value, string field)
    {
        if (value is "" or "." or "..")
        {
            throw new KubernetesApiException(400, Reasons.InvalidRequestPath,
                $"The {field} \"{value}\" cannot be used in a request path: Kubernetes names are never empty, \".\" or \"..\".");
        }
        return Uri.EscapeDataString(value);
    }

    /// <summary>Appends query parameters, leaving out those whose value is null.</summary>
    public static string WithQuery(string path, params (string Name, string? Value)[] parameters)
    {
        var query = string.Join('&', parameters
            .Where(p => p.Value is not null)
            .Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
        return query.Length == 0 ? path : $"{path}?{query}";
    }

    /// <summary>
    /// Checks an apiVersion's shape (<c>v1</c> or <c>group/version</c>) before it goes into a URL.
    /// </summary>
    public static void ValidateApiVersion(string apiVersion, string kind)
    {
        var parts = apiVersion.Split('/');
        var valid = parts.Length is 1 or 2 && parts.All(p => p.Length > 0 && !p.Any(char.IsWhiteSpace));
        if (!valid || string.IsNullOrWhiteSpace(kind))
        {
            throw new KubernetesApiException(400, "BadRequest",
                $"apiVersion \"{apiVersion}\" with kind \"{kind}\" is not a valid type: apiVersion must be \"v1\" or \"group/version\" and kind must be set.");
        }
    }
}
