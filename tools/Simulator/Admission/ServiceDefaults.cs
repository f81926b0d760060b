using System.Globalization;
using System.Text.Json.Nodes;

namespace Fleet.Simulator.Admission;

/// <summary>
/// Service defaults, including the addresses a real cluster allocates at random. The simulator derives them from
/// namespace and name instead, so they are stable across runs (a collision between two services is possible but rare).
/// </summary>
internal static class ServiceDefaults
{
    private const uint ServiceRangeBase = (10u << 24) | (96u << 16); // 10.96.0.0/12
    private const uint ServiceRangeSize = 1u << 20;
    private const uint ReservedLowAddresses = 11; // .0 network, .1 the kubernetes service, .10 cluster DNS
    private const int NodePortBase = 30000;
    private const int NodePortCount = 2768; // 30000-32767

    public static void Apply(JsonObject service, JsonObject spec)
    {
        var metadata = Json.Object(service, "metadata");
        var key = $"{Json.String(metadata, "namespace")}/{Json.String(metadata, "name")}";
        Json.DefaultString(spec, "type", "ClusterIP");
        var type = Json.String(spec, "type");
        Json.DefaultString(spec, "sessionAffinity", "None");

        var ports = Json.Objects(Json.Array(spec, "ports")).ToList();
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            Json.DefaultString(port, "protocol", "TCP");
            if (port["targetPort"] is null && port["port"] is { } number)
            {
                port["targetPort"] = number.DeepClone();
            }
            if (type is "NodePort" or "LoadBalancer" && port["nodePort"] is null)
            {
                port["nodePort"] = NodePort(key, i);
            }
        }

        if (type == "ExternalName")
        {
            return;
        }

        if (Json.String(spec, "clusterIP") is null or "")
        {
            spec["clusterIP"] = ClusterIP(key);
        }
        Json.Default(spec, "clusterIPs", new JsonArray(Json.String(spec, "clusterIP")));
        Json.Default(spec, "ipFamilies", new JsonArray("IPv4"));
        Json.DefaultString(spec, "ipFamilyPolicy", "SingleStack");
        Json.DefaultString(spec, "internalTrafficPolicy", "Cluster");
        if (type is "NodePort" or "LoadBalancer")
        {
            Json.DefaultString(spec, "externalTrafficPolicy", "Cluster");
        }
        if (type == "LoadBalancer")
        {
            Json.Default(spec, "allocateLoadBalancerNodePorts", true);
        }
    }

    /// <summary>A stable address in 10.96.0.0/12 for the service <c>namespace/name</c>.</summary>
    public static string ClusterIP(string key)
    {
        var offset = ReservedLowAddresses + (StableHash.Fnv1a("clusterIP:" + key) % (ServiceRangeSize - ReservedLowAddresses - 1));
        var address = ServiceRangeBase + offset;
        return string.Join('.', new[] { address >> 24, (address >> 16) & 255, (address >> 8) & 255, address & 255 }
            .Select(b => b.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>A stable node port in 30000-32767 for the port at <paramref name="index"/>.</summary>
    public static int NodePort(string key, int index) =>
        NodePortBase + (int)(StableHash.Fnv1a($"nodePort:{key}:{index}") % NodePortCount);
}
