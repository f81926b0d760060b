using System.Text.Json.Nodes;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Discovery;

/// <summary>
/// The <c>paths</c> of an OpenAPI v3 group-version document: collection, item, and subresource paths per type,
/// each operation tagged with <c>x-kubernetes-action</c> and <c>x-kubernetes-group-version-kind</c>.
/// </summary>
/// <remarks>
/// kubectl finds a kind by the GVK extension on the PATCH operation and, when that operation lists a
/// <c>fieldValidation</c> query parameter, leaves validation to the server. The PATCH request body deliberately
/// omits <c>application/strategic-merge-patch+json</c>: kubectl would then compute strategic merge patches from
/// these minimal schemas; without it, it falls back to its compiled-in types (built-ins) or a JSON merge patch
/// (custom resources), exactly as against a real server.
/// </remarks>
public static class OpenApiPaths
{
    private static readonly string[] PatchContentTypes =
        ["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json"];

    /// <summary>Adds the paths of <paramref name="type"/> to <paramref name="paths"/>.</summary>
    /// <param name="paths">The document's <c>paths</c> object.</param>
    /// <param name="type">The type.</param>
    public static void Add(JsonObject paths, ResourceType type)
    {
        var root = type.Group.Length == 0 ? $"/api/{type.Version}" : $"/apis/{type.Group}/{type.Version}";
        var collection = type.Namespaced ? $"{root}/namespaces/{{namespace}}/{type.Plural}" : $"{root}/{type.Plural}";
        var item = $"{collection}/{{name}}";
        var schema = OpenApiSchemas.Name(type);
        var gvk = (type.Group, type.Version, type.Kind);
        var scope = type.Namespaced ? "Namespaced" : "";

        paths[collection] = PathItem(type.Namespaced ? ["namespace"] : [],
            ("get", Operation($"list{scope}{type.Kind}", "list", gvk, OpenApiSchemas.ListName(type), ListParameters())),
            ("post", Operation($"create{scope}{type.Kind}", "post", gvk, schema, WriteParameters(), RequestBody(["application/json", "application/yaml"], schema))),
            ("delete", Operation($"deletecollection{scope}{type.Kind}", "deletecollection", gvk, OpenApiSchemas.Status, ListParameters())));

        AddItem(paths, item, type.Namespaced, $"{scope}{type.Kind}", gvk, schema);

        if (type.Namespaced)
        {
            // The cross-namespace list kubectl uses for --all-namespaces.
            paths[$"{root}/{type.Plural}"] = PathItem([],
                ("get", Operation($"list{type.Kind}ForAllNamespaces", "list", gvk, OpenApiSchemas.ListName(type), ListParameters())));
        }

        if (type.HasStatus)
        {
            AddItem(paths, $"{item}/status", type.Namespaced, $"{scope}{type.Kind}Status", gvk, schema, delete: false);
        }

        if (type.HasScale)
        {
            AddItem(paths, $"{item}/scale", type.Namespaced, $"{scope}{type.Kind}Scale", ("autoscaling", "v1", "Scale"), OpenApiSchemas.Scale, delete: false);
        }
    }

    private static void AddItem(JsonObject paths, string path, bool namespaced, string operationSuffix,
        (string Group, string Version, string Kind) gvk, string schema, bool delete = true)
    {
        var operations = new List<(string, JsonObject)>
        {
            ("get", Operation($"read{operationSuffix}", "get", gvk, schema, [])),
            ("put", Operation($"replace{operationSuffix}", "put", gvk, schema, WriteParameters(), RequestBody(["application/json", "application/yaml"], schema))),
            ("patch", Operation($"patch{operationSuffix}", "patch", gvk, schema, [.. WriteParameters(), QueryParameter("force", "boolean")],
                RequestBody(PatchContentTypes, OpenApiSchemas.Patch))),
        };
        if (delete)
        {
            operations.Add(("delete", Operation($"delete{operationSuffix}", "delete", gvk, OpenApiSchemas.Status,
                [QueryParameter("dryRun", "string"), QueryParameter("gracePeriodSeconds", "integer"), QueryParameter("propagationPolicy", "string")])));
        }

        paths[path] = PathItem(namespaced ? ["name", "namespace"] : ["name"], [.. operations]);
    }

    private static JsonObject PathItem(string[] pathParameters, params (string Method, JsonObject Operation)[] operations)
    {
        var item = new JsonObject();
        foreach (var (method, operation) in operations)
        {
            item[method] = operation;
        }

        item["parameters"] = Json.Array(pathParameters.Select(name => new JsonObject
        {
            ["name"] = name,
            ["in"] = "path",
            ["description"] = $"{name} of the object",
            ["required"] = true,
            ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
        }));
        return item;
    }

    private static JsonObject Operation(string operationId, string action, (string Group, string Version, string Kind) gvk,
        string responseSchema, IEnumerable<JsonObject> parameters, JsonObject? requestBody = null)
    {
        var operation = new JsonObject
        {
            ["description"] = $"{action} {gvk.Kind}",
            ["operationId"] = operationId,
            ["parameters"] = Json.Array(parameters),
        };
        if (requestBody is not null)
        {
            operation["requestBody"] = requestBody;
        }

        operation["responses"] = new JsonObject
        {
            ["200"] = new JsonObject
            {
                ["description"] = "OK",
                ["content"] = Content(["application/json", "application/yaml"], responseSchema),
            },
            ["401"] = new JsonObject { ["description"] = "Unauthorized" },
        };
        operation["x-kubernetes-action"] = action;
        operation["x-kubernetes-group-version-kind"] = new JsonObject
        {
            ["group"] = gvk.Group,
            ["version"] = gvk.Version,
            ["kind"] = gvk.Kind,
        };
        return operation;
    }

    private static JsonObject RequestBody(IEnumerable<string> contentTypes, string schema) => new()
    {
        ["content"] = Content(contentTypes, schema),
        ["required"] = true,
    };

    private static JsonObject Content(IEnumerable<string> contentTypes, string schema)
    {
        var content = new JsonObject();
        foreach (var contentType in contentTypes)
        {
            content[contentType] = new JsonObject { ["schema"] = OpenApiSchemas.Ref(schema) };
        }

        return content;
    }

    private static JsonObject[] WriteParameters() =>
    [
        QueryParameter("dryRun", "string"),
        QueryParameter("fieldManager", "string"),
        QueryParameter("fieldValidation", "string"),
    ];

    private static JsonObject[] ListParameters() =>
    [
        QueryParameter("continue", "string"),
        QueryParameter("fieldSelector", "string"),
        QueryParameter("labelSelector", "string"),
        QueryParameter("limit", "integer"),
        QueryParameter("resourceVersion", "string"),
        QueryParameter("timeoutSeconds", "integer"),
        QueryParameter("watch", "boolean"),
    ];

    private static JsonObject QueryParameter(string name, string type) => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["schema"] = new JsonObject { ["type"] = type, ["uniqueItems"] = true },
    };
}
