namespace Fleet.Grains.Runtime;

/// <summary>The key of an application instance grain: "application/cluster".</summary>
public static class InstanceKey
{
    public static string Of(string application, string cluster) => $"{application}/{cluster}";

    public static (string Application, string Cluster) Split(string key)
    {
        var at = key.IndexOf('/');
        return (key[..at], key[(at + 1)..]);
    }
}
