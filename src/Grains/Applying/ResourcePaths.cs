using System.Text;

namespace Fleet.Grains.Applying;

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
            path.Append("namespaces/").Append(Uri.EscapeDataString(ns)).Append('/');
        }
        return path.Append(mapping.Plural).ToString();
    }

    /// <summary>One object.</summary>
    public static string Object(ResourceMapping mapping, string? ns, string name) =>
        $"{Collection(mapping, ns)}/{Uri.EscapeDataString(name)}";

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
