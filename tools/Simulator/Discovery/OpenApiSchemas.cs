using System.Text.Json.Nodes;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Discovery;

/// <summary>
/// The <c>components.schemas</c> of an OpenAPI v3 group-version document: one deliberately small schema per kind
/// (enough for kubectl to find the kind and for <c>kubectl explain</c> to show its top level), the CRD's own schema
/// for custom types, and the shared meta.k8s.io types they reference.
/// </summary>
public static class OpenApiSchemas
{
    /// <summary>Schema name of ObjectMeta.</summary>
    public const string ObjectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    /// <summary>Schema name of ListMeta.</summary>
    public const string ListMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";

    /// <summary>Schema name of Status, the body of errors and of some deletes.</summary>
    public const string Status = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";

    /// <summary>Schema name of the opaque patch body.</summary>
    public const string Patch = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";

    /// <summary>Schema name of the autoscaling/v1 Scale served by <c>/scale</c> subresources.</summary>
    public const string Scale = "io.k8s.api.autoscaling.v1.Scale";

    // Top-level fields of the built-in kinds besides apiVersion/kind/metadata; contents are left open.
    private static readonly Dictionary<string, string[]> TopLevelFields = new()
    {
        ["ConfigMap"] = ["binaryData", "data", "immutable"],
        ["Secret"] = ["data", "immutable", "stringData", "type"],
        ["ServiceAccount"] = ["automountServiceAccountToken", "imagePullSecrets", "secrets"],
        ["Event"] = ["action", "count", "eventTime", "firstTimestamp", "involvedObject", "lastTimestamp", "message", "reason", "related", "reportingComponent", "reportingInstance", "series", "source", "type"],
        ["Role"] = ["rules"],
        ["ClusterRole"] = ["aggregationRule", "rules"],
        ["RoleBinding"] = ["roleRef", "subjects"],
        ["ClusterRoleBinding"] = ["roleRef", "subjects"],
    };

    private static readonly HashSet<string> ScalarFields = ["automountServiceAccountToken", "immutable", "type", "action", "count", "eventTime", "firstTimestamp", "lastTimestamp", "message", "reason", "reportingComponent", "reportingInstance"];

    /// <summary>
    /// The schema name of a kind: <c>io.k8s.api.apps.v1.Deployment</c> for built-ins, the reversed group for custom
    /// types (<c>com.example.v1.Widget</c> for group <c>example.com</c>), as the real server names them.
    /// </summary>
    /// <param name="group">API group, <c>""</c> for core.</param>
    /// <param name="version">API version.</param>
    /// <param name="kind">Kind.</param>
    /// <param name="isCustom">True for CRD-served kinds.</param>
    public static string Name(string group, string version, string kind, bool isCustom)
    {
        if (isCustom)
        {
            return $"{string.Join('.', group.Split('.').Reverse())}.{version}.{kind}";
        }

        return group switch
        {
            "" => $"io.k8s.api.core.{version}.{kind}",
            "apiextensions.k8s.io" => $"io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.{version}.{kind}",
            _ => $"io.k8s.api.{group.Split('.')[0]}.{version}.{kind}",
        };
    }

    /// <summary>The schema name of a type's kind.</summary>
    /// <param name="type">The type.</param>
    public static string Name(ResourceType type) => Name(type.Group, type.Version, type.Kind, type.IsCustom);

    /// <summary>The schema name of a type's list kind.</summary>
    /// <param name="type">The type.</param>
    public static string ListName(ResourceType type) => Name(type.Group, type.Version, type.ListKind, type.IsCustom);

    /// <summary>A <c>$ref</c> to a schema of the same document.</summary>
    /// <param name="schemaName">The schema name.</param>
    public static JsonObject Ref(string schemaName) => new() { ["$ref"] = $"#/components/schemas/{schemaName}" };

    /// <summary>Every schema a group-version document needs for <paramref name="types"/> (all of one group-version).</summary>
    /// <param name="types">The group-version's types.</param>
    public static JsonObject For(IReadOnlyList<ResourceType> types)
    {
        var schemas = new JsonObject();
        foreach (var type in types)
        {
            schemas[Name(type)] = KindSchema(type);
            schemas[ListName(type)] = ListSchema(type);
        }

        if (types.Any(t => t.HasScale))
        {
            schemas[Scale] = ScaleSchema();
        }

        schemas[ObjectMeta] = ObjectMetaSchema();
        schemas[ListMeta] = OpenObject("ListMeta describes a list: its resourceVersion and continue token.");
        schemas[Status] = OpenObject("Status is the result of an operation that returns no object, such as an error.", Gvk("", "v1", "Status"));
        schemas[Patch] = new JsonObject
        {
            ["description"] = "Patch is the body of a PATCH request; its format follows the request's Content-Type.",
            ["type"] = "object",
        };
        return schemas;
    }

    private static JsonObject KindSchema(ResourceType type)
    {
        var schema = type.Schema?.DeepClone().AsObject() ?? new JsonObject
        {
            ["description"] = $"{type.Kind} is served by the Kubernetes simulator.",
        };
        schema["type"] = "object";
        if (schema["properties"] is not JsonObject properties)
        {
            properties = [];
            schema["properties"] = properties;
        }

        properties["apiVersion"] = StringProperty("APIVersion defines the versioned schema of this representation of an object.");
        properties["kind"] = StringProperty("Kind is a string value representing the REST resource this object represents.");
        properties["metadata"] = new JsonObject
        {
            ["description"] = "Standard object's metadata.",
            ["default"] = new JsonObject(),
            ["allOf"] = new JsonArray(Ref(ObjectMeta)),
        };
        if (type.Schema is null)
        {
            foreach (var field in BuiltInFields(type))
            {
                properties[field] = ScalarFields.Contains(field) ? new JsonObject() : OpenProperty();
            }
        }

        schema["x-kubernetes-group-version-kind"] = Gvk(type.Group, type.Version, type.Kind);
        return schema;
    }

    private static IEnumerable<string> BuiltInFields(ResourceType type)
    {
        if (TopLevelFields.TryGetValue(type.Kind, out var fields))
        {
            return fields;
        }

        return type.HasStatus ? ["spec", "status"] : ["spec"];
    }

    private static JsonObject ListSchema(ResourceType type) => new()
    {
        ["description"] = $"{type.ListKind} is a list of {type.Kind} objects.",
        ["type"] = "object",
        ["required"] = Json.Strings(["items"]),
        ["properties"] = new JsonObject
        {
            ["apiVersion"] = StringProperty("APIVersion defines the versioned schema of this representation of an object."),
            ["items"] = new JsonObject
            {
                ["description"] = $"The {type.Kind} objects.",
                ["type"] = "array",
                ["items"] = new JsonObject { ["default"] = new JsonObject(), ["allOf"] = new JsonArray(Ref(Name(type))) },
            },
            ["kind"] = StringProperty("Kind is a string value representing the REST resource this object represents."),
            ["metadata"] = new JsonObject { ["default"] = new JsonObject(), ["allOf"] = new JsonArray(Ref(ListMeta)) },
        },
        ["x-kubernetes-group-version-kind"] = Gvk(type.Group, type.Version, type.ListKind),
    };

    private static JsonObject ScaleSchema() => new()
    {
        ["description"] = "Scale represents a scaling request for a resource.",
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["apiVersion"] = StringProperty("APIVersion defines the versioned schema of this representation of an object."),
            ["kind"] = StringProperty("Kind is a string value representing the REST resource this object represents."),
            ["metadata"] = new JsonObject { ["default"] = new JsonObject(), ["allOf"] = new JsonArray(Ref(ObjectMeta)) },
            ["spec"] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject { ["replicas"] = new JsonObject { ["type"] = "integer", ["format"] = "int32" } },
            },
            ["status"] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["replicas"] = new JsonObject { ["type"] = "integer", ["format"] = "int32" },
                    ["selector"] = new JsonObject { ["type"] = "string" },
                },
            },
        },
        ["x-kubernetes-group-version-kind"] = Gvk("autoscaling", "v1", "Scale"),
    };

    private static JsonObject ObjectMetaSchema()
    {
        static JsonObject StringMap() => new()
        {
            ["type"] = "object",
            ["additionalProperties"] = new JsonObject { ["type"] = "string", ["default"] = "" },
        };

        return new JsonObject
        {
            ["description"] = "ObjectMeta is metadata that all persisted resources must have.",
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["annotations"] = StringMap(),
                ["creationTimestamp"] = new JsonObject { ["type"] = "string", ["format"] = "date-time" },
                ["deletionTimestamp"] = new JsonObject { ["type"] = "string", ["format"] = "date-time" },
                ["finalizers"] = new JsonObject
                {
                    ["type"] = "array",
                    ["items"] = new JsonObject { ["type"] = "string", ["default"] = "" },
                    ["x-kubernetes-list-type"] = "set",
                },
                ["generateName"] = new JsonObject { ["type"] = "string" },
                ["generation"] = new JsonObject { ["type"] = "integer", ["format"] = "int64" },
                ["labels"] = StringMap(),
                ["managedFields"] = new JsonObject
                {
                    ["type"] = "array",
                    ["items"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
                    ["x-kubernetes-list-type"] = "atomic",
                },
                ["name"] = new JsonObject { ["type"] = "string" },
                ["namespace"] = new JsonObject { ["type"] = "string" },
                ["ownerReferences"] = new JsonObject
                {
                    ["type"] = "array",
                    ["items"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
                    ["x-kubernetes-list-map-keys"] = Json.Strings(["uid"]),
                    ["x-kubernetes-list-type"] = "map",
                },
                ["resourceVersion"] = new JsonObject { ["type"] = "string" },
                ["selfLink"] = new JsonObject { ["type"] = "string" },
                ["uid"] = new JsonObject { ["type"] = "string" },
            },
        };
    }

    private static JsonObject OpenObject(string description, JsonArray? gvk = null)
    {
        var schema = new JsonObject
        {
            ["description"] = description,
            ["type"] = "object",
            ["x-kubernetes-preserve-unknown-fields"] = true,
        };
        if (gvk is not null)
        {
            schema["x-kubernetes-group-version-kind"] = gvk;
        }

        return schema;
    }

    private static JsonObject OpenProperty() => new()
    {
        ["type"] = "object",
        ["x-kubernetes-preserve-unknown-fields"] = true,
    };

    private static JsonObject StringProperty(string description) => new()
    {
        ["description"] = description,
        ["type"] = "string",
    };

    // In components.schemas the extension is an array (a schema can serve several kinds); on operations it is an object.
    private static JsonArray Gvk(string group, string version, string kind) => new(new JsonObject
    {
        ["group"] = group,
        ["kind"] = kind,
        ["version"] = version,
    });
}
