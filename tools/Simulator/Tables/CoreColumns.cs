using System.Text.Json.Nodes;

namespace Fleet.Simulator.Tables;

/// <summary>Table columns of the configuration, networking, storage, policy and RBAC kinds.</summary>
internal static class CoreColumns
{
    public static IReadOnlyList<TableColumn> Namespace { get; } =
    [
        TableColumn.ObjectName,
        TableColumn.Text("Status", "The namespace's phase: Active or Terminating.", (o, _) => Fields.String(o, "status", "phase") ?? ""),
        TableColumn.Age,
    ];

    public static IReadOnlyList<TableColumn> ConfigMap { get; } =
    [
        TableColumn.ObjectName,
        TableColumn.Integer("Data", "Number of keys in data and binaryData.", o => Fields.Count(o, "data") + Fields.Count(o, "binaryData")),
        TableColumn.Age,
    ];

    public static IReadOnlyList<TableColumn> Secret { get; } =
    [
        TableColumn.ObjectName,
        // The API server defaults an empty type to Opaque on create.
        TableColumn.Text("Type", "The secret's type.", (o, _) => Fields.String(o, "type") is { Length: > 0 } type ? type : "Opaque"),
        TableColumn.Integer("Data", "Number of keys in data.", o => Fields.Count(o, "data")),
        TableColumn.Age,
    ];

    public static IReadOnlyList<TableColumn> ServiceAccount { get; } =
    [
        TableColumn.ObjectName,
        TableColumn.Integer("Secrets", "Number of secrets listed on the service account.", o => Fields.Count(o, "secrets")),
        TableColumn.Age,
    ];

    public static IReadOnlyList<TableColumn> Service { get; } =
    [
        TableColumn.ObjectName,
        TableColumn.Text("Type", "How the service is exposed.", (o, _) => ServiceType(o)),
        TableColumn.Text("Cluster-IP", "The service's cluster IP.", (o, _) => ClusterIp(o)),
        TableColumn.Text("External-IP", "External addresses of the service.", (o, _) => ExternalIp(o)),
        TableColumn.Text("Port(s)", "Ports the service exposes (port[:nodePort]/protocol).", (o, _) => Ports(o)),
        TableColumn.Age,
        TableColumn.Text("Selector", "The label selector of the service's pods.", (o, _) => Fields.LabelMap(Fields.Get(o, "spec", "selector")), priority: 1),
    ];

    public static IReadOnlyList<TableColumn> PersistentVolumeClaim { get; } =
    [
        TableColumn.ObjectName,
        TableColumn.Text("Status", "The claim's phase.", (o, _) =>
            Fields.Get(o, "metadata", "deletionTimestamp") is not null ? "Terminating" : Fields.String(o, "status", "phase") ?? ""),
        TableColumn.Text("Volume", "The bound volume.", (o, _) => Fields.String(o, "spec", "volumeName") ?? ""),
        TableColumn.Text("Capacity", "The bound volume's capacity.", (o, _) =>
            IsBound(o) && Fields.Get(o, "status", "capacity", "storage") is { } storage ? Fields.Text(storage) : ""),
        TableColumn.Text("Access Modes", "The bound volume's access modes.", (o, _) => IsBound(o) ? AccessModes(o) : ""),
        TableColumn.Text("StorageClass", "The claim's storage class.", (o, _) => Fields.String(o, "spec", "storageClassName") ?? ""),
        TableColumn.Text("VolumeAttributesClass", "The claim's volume attributes class.",
            (o, _) => Fields.String(o, "spec", "volumeAttributesClassName") ?? "<unset>"),
        TableColumn.Age,
        TableColumn.Text("VolumeMode", "Filesystem or Block.", (o, _) => Fields.String(o, "spec", "volumeMode") ?? "<unset>", priority: 1),
    ];

    public static IReadOnlyList<TableColumn> Ingress { get; } =
    [
        TableColumn.ObjectName,
        TableColumn.Text("Class", "The ingress class.", (o, _) => Fields.String(o, "spec", "ingressClassName") ?? Fields.None),
        TableColumn.Text("Hosts", "Hosts the rules match.", (o, _) => IngressHosts(o)),
        TableColumn.Text("Address", "Addresses of the load balancer.", (o, _) => LoadBalancerAddresses(o)),
        TableColumn.Text("Ports", "Ports the ingress serves.", (o, _) => Fields.Count(o, "spec", "tls") > 0 ? "80, 443" : "80"),
        TableColumn.Age,
    ];

    public static IReadOnlyList<TableColumn> NetworkPolicy { get; } =
    [
        TableColumn.ObjectName,
        TableColumn.Text("Pod-Selector", "The pods the policy applies to.", (o, _) => Fields.LabelSelector(Fields.Get(o, "spec", "podSelector"))),
        TableColumn.Age,
    ];

    public static IReadOnlyList<TableColumn> PodDisruptionBudget { get; } =
    [
        TableColumn.ObjectName,
        TableColumn.Text("Min Available", "Pods that must stay available.", (o, _) => IntOrString(o, "minAvailable")),
        TableColumn.Text("Max Unavailable", "Pods that may be unavailable.", (o, _) => IntOrString(o, "maxUnavailable")),
        TableColumn.Integer("Allowed Disruptions", "Disruptions allowed now.", o => Fields.Long(o, "status", "disruptionsAllowed") ?? 0),
        TableColumn.Age,
    ];

    public static IReadOnlyList<TableColumn> RoleBinding { get; } =
    [
        TableColumn.ObjectName,
        TableColumn.Text("Role", "The bound role as kind/name.", (o, _) => $"{Fields.String(o, "roleRef", "kind")}/{Fields.String(o, "roleRef", "name")}"),
        TableColumn.Age,
        Subjects("Users", "User"),
        Subjects("Groups", "Group"),
        TableColumn.Text("ServiceAccounts", "Service accounts bound (namespace/name).", (o, _) => string.Join(", ",
            Fields.Objects(o, "subjects").Where(s => Fields.String(s, "kind") == "ServiceAccount")
                .Select(s => $"{Fields.String(s, "namespace")}/{Fields.String(s, "name")}")), priority: 1),
    ];

    public static IReadOnlyList<TableColumn> Event { get; } =
    [
        TableColumn.Text("Last Seen", "Time since the event last occurred.", (o, now) => HumanDuration.Since(
            Fields.String(o, "lastTimestamp") ?? Fields.String(o, "eventTime") ?? Fields.String(o, "metadata", "creationTimestamp"), now)),
        TableColumn.Text("Type", "Normal or Warning.", (o, _) => Fields.String(o, "type") ?? ""),
        TableColumn.Text("Reason", "Why the event happened, in one word.", (o, _) => Fields.String(o, "reason") ?? ""),
        TableColumn.Text("Object", "The object the event is about (kind/name).", (o, _) =>
            $"{(Fields.String(o, "involvedObject", "kind") ?? "").ToLowerInvariant()}/{Fields.String(o, "involvedObject", "name")}"),
        TableColumn.Text("Message", "What happened.", (o, _) => (Fields.String(o, "message") ?? "").Trim()),
    ];

    /// <summary>The API server's default table for kinds without a printer (Role, ClusterRole, CRD).</summary>
    public static IReadOnlyList<TableColumn> Default { get; } = [TableColumn.ObjectName, TableColumn.CreatedAt];

    /// <summary>Name and Age, for any other kind.</summary>
    public static IReadOnlyList<TableColumn> NameAndAge { get; } = [TableColumn.ObjectName, TableColumn.Age];

    private static string ServiceType(JsonObject service) => Fields.String(service, "spec", "type") ?? "ClusterIP";

    private static string ClusterIp(JsonObject service)
    {
        var ip = Fields.Strings(service, "spec", "clusterIPs").FirstOrDefault() ?? Fields.String(service, "spec", "clusterIP");
        return string.IsNullOrEmpty(ip) ? Fields.None : ip;
    }

    private static string ExternalIp(JsonObject service)
    {
        var externalIps = Fields.Strings(service, "spec", "externalIPs").ToList();
        switch (ServiceType(service))
        {
            case "ClusterIP" or "NodePort":
                return Fields.JoinOrNone(externalIps);
            case "LoadBalancer":
                var addresses = LoadBalancerAddresses(service);
                var all = (addresses.Length > 0 ? addresses.Split(',') : []).Concat(externalIps).ToList();
                // A load balancer still being provisioned has no address yet.
                return all.Count > 0 ? string.Join(',', all) : "<pending>";
            case "ExternalName":
                return Fields.String(service, "spec", "externalName") ?? "";
            default:
                return "<unknown>";
        }
    }

    private static string Ports(JsonObject service) => Fields.JoinOrNone(Fields.Objects(service, "spec", "ports").Select(port =>
    {
        var protocol = Fields.String(port, "protocol") ?? "TCP";
        var number = Fields.Long(port, "port") ?? 0;
        return Fields.Long(port, "nodePort") is { } nodePort and not 0 ? $"{number}:{nodePort}/{protocol}" : $"{number}/{protocol}";
    }));

    private static string LoadBalancerAddresses(JsonObject o) => string.Join(',', Fields.Objects(o, "status", "loadBalancer", "ingress")
        .Select(i => Fields.String(i, "ip") is { Length: > 0 } ip ? ip : Fields.String(i, "hostname") ?? "")
        .Where(a => a.Length > 0));

    private static bool IsBound(JsonObject claim) => Fields.String(claim, "spec", "volumeName") is { Length: > 0 };

    private static string AccessModes(JsonObject claim)
    {
        var modes = Fields.Strings(claim, "status", "accessModes").ToHashSet();
        var shorthand = new (string Mode, string Short)[]
        {
            ("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP"),
        };
        return string.Join(',', shorthand.Where(s => modes.Contains(s.Mode)).Select(s => s.Short));
    }

    private static string IngressHosts(JsonObject ingress)
    {
        var hosts = Fields.Objects(ingress, "spec", "rules").Select(r => Fields.String(r, "host")).OfType<string>().Where(h => h.Length > 0).ToList();
        if (hosts.Count == 0)
        {
            return "*";
        }

        // kubectl shows three hosts and counts the rest.
        return hosts.Count > 3 ? $"{string.Join(',', hosts.Take(3))} + {hosts.Count - 3} more..." : string.Join(',', hosts);
    }

    private static string IntOrString(JsonObject budget, string field) =>
        Fields.Get(budget, "spec", field) is { } value ? Fields.Text(value) : "N/A";

    private static TableColumn Subjects(string header, string kind) =>
        TableColumn.Text(header, $"{kind} subjects bound.", (o, _) => string.Join(", ",
            Fields.Objects(o, "subjects").Where(s => Fields.String(s, "kind") == kind).Select(s => Fields.String(s, "name"))), priority: 1);
}
