namespace Fleet.Simulator.Http;

/// <summary>What a request path under a cluster's prefix addresses.</summary>
public abstract record ApiPath
{
    public sealed record Version : ApiPath;
    public sealed record CoreVersions : ApiPath;
    public sealed record GroupList : ApiPath;
    public sealed record ApiGroup(string Name) : ApiPath;
    public sealed record ResourceList(string Group, string GroupVersion) : ApiPath;
    public sealed record OpenApiIndex : ApiPath;
    public sealed record OpenApiGroupVersion(string Group, string GroupVersion) : ApiPath;

    /// <summary>A collection, an object, or an object's subresource.</summary>
    public sealed record Resource(string Group, string GroupVersion, string Plural, string? Namespace, string? Name, string? Subresource) : ApiPath;

    /// <summary>Parses the part of the path after <c>/clusters/{name}/</c>; null when it addresses nothing.</summary>
    public static ApiPath? Parse(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["version"] => new Version(),
            ["api"] => new CoreVersions(),
            ["apis"] => new GroupList(),
            ["apis", var g] => new ApiGroup(g),
            ["api", var v] => new ResourceList("", v),
            ["apis", var g, var v] => new ResourceList(g, v),
            ["openapi", "v3"] => new OpenApiIndex(),
            ["openapi", "v3", "api", var v] => new OpenApiGroupVersion("", v),
            ["openapi", "v3", "apis", var g, var v] => new OpenApiGroupVersion(g, v),
            ["api", var v, .. var rest] => ParseResource("", v, rest),
            ["apis", var g, var v, .. var rest] => ParseResource(g, v, rest),
            _ => null,
        };
    }

    // namespaces/{ns}/{plural}[/{name}[/{sub}]] addresses namespaced objects; namespaces[/{name}[/status|finalize]]
    // addresses the namespaces themselves.
    private static Resource? ParseResource(string group, string version, string[] rest) => rest switch
    {
        ["namespaces", var ns, var plural, .. var tail] when plural is not ("status" or "finalize") && tail.Length <= 2 =>
            new Resource(group, version, plural, ns, tail.ElementAtOrDefault(0), tail.ElementAtOrDefault(1)),
        [var plural] => new Resource(group, version, plural, null, null, null),
        [var plural, var name] => new Resource(group, version, plural, null, name, null),
        [var plural, var name, var sub] => new Resource(group, version, plural, null, name, sub),
        _ => null,
    };
}
