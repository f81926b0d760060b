namespace Fleet.Kubernetes.Names;

public static partial class NameRules
{
    /// <summary>
    /// The rule the API server applies to <c>metadata.name</c> of a kind: namespaces are RFC 1123 labels, services
    /// RFC 1035 labels, RBAC objects path segments, everything else (custom resources too) RFC 1123 subdomains.
    /// </summary>
    public static IReadOnlyList<string> ValidateObjectName(string apiVersion, string kind, string name)
    {
        if (name.Length == 0)
        {
            return ["name is required"];
        }
        var group = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
        return (group, kind) switch
        {
            ("", "Namespace") => ValidateDns1123Label(name),
            ("", "Service") => ValidateDns1035Label(name),
            // Path segments allow names no other rule does, but never ".", ".." or a '/', which would change the URL.
            ("rbac.authorization.k8s.io", _) => ValidatePathSegment(name),
            _ => ValidateDns1123Subdomain(name),
        };
    }

    /// <summary><c>metadata.namespace</c>: an RFC 1123 label.</summary>
    public static IReadOnlyList<string> ValidateNamespaceName(string ns) => ValidateDns1123Label(ns);
}
