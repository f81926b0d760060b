using System.Globalization;
using System.Text.Json.Nodes;
using System.Text;
using Fleet.Kubernetes.Selectors;
using Fleet.Simulator.Model;
using Fleet.Simulator.Selectors;
using Fleet.Simulator.Storage;
using Fleet.Simulator.Tables;

namespace Fleet.Simulator.Http;

/// <summary>The verbs on collections, objects and their status and scale subresources.</summary>
public sealed class ResourceHandler(WatchStreamer watches, TimeProvider time)
{
    public async Task HandleAsync(HttpContext context, VirtualCluster cluster, ApiPath.Resource path)
    {
        var type = cluster.Types.Find(path.Group, path.GroupVersion, path.Plural);
        if (type is not null && VersionConversion.Converts(type))
        {
            await HandleConvertedAsync(context, cluster, path, type);
            return;
        }
        await HandleStoredAsync(context, cluster, path, type);
    }

    // A request at a version other than the storage one: bodies are converted in and out; patches are applied to
    // the served form (inside the cluster's lock) so a v1 merge patch means what a v1 client meant.
    private Task HandleConvertedAsync(HttpContext context, VirtualCluster cluster, ApiPath.Resource path, ResourceType served)
    {
        context.Items[ServedTypeKey] = served;
        return HandleStoredAsync(context, cluster, path, VersionConversion.Storage(served));
    }

    private const string ServedTypeKey = "fleet.servedType";

    // The version the client asked for (differs from the stored type's only for converted kinds).
    private static ResourceType Served(HttpContext context, ResourceType stored) =>
        context.Items[ServedTypeKey] as ResourceType ?? stored;

    private static byte[] Encode(HttpContext context, StoredObject stored) =>
        VersionConversion.Encode(Served(context, stored.Type), stored.Json, JsonDefaults.Options);

    private static JsonObject Incoming(HttpContext context, ResourceType storage, JsonObject body)
    {
        var served = Served(context, storage);
        CheckKind(served, body);
        return VersionConversion.ToStorage(served, body);
    }

    private async Task HandleStoredAsync(HttpContext context, VirtualCluster cluster, ApiPath.Resource path, ResourceType? type)
    {
        if (type is null || (path.Namespace is not null && !type.Namespaced))
        {
            await Responses.WritePageNotFoundAsync(context);
            return;
        }
        if (path.Subresource is { } sub && !(sub == "status" && type.HasStatus) && !(sub == "scale" && type.HasScale)
            && !(sub == "finalize" && type == BuiltInTypes.Namespace))
        {
            await Responses.WritePageNotFoundAsync(context);
            return;
        }
        var ns = type.Namespaced ? path.Namespace ?? (path.Name is null ? null : "") : "";
        if (type.Namespaced && path.Name is not null && string.IsNullOrEmpty(ns))
        {
            await Responses.WritePageNotFoundAsync(context);
            return;
        }
        var method = context.Request.Method;
        var query = context.Request.Query;
        if (!IsTrue(query["watch"]))
        {
            cluster.CountObjectRequest();
        }
        if (path.Name is null)
        {
            if (HttpMethods.IsGet(method))
            {
                if (IsTrue(query["watch"]))
                {
                    cluster.CountWatchRequest();
                    await watches.StreamAsync(context, cluster, type, ns, ParseSelectors(query, type), Served(context, type));
                }
                else
                {
                    cluster.CountListRequest();
                    await ListAsync(context, cluster, type, ns);
                }
            }
            else if (HttpMethods.IsPost(method) && (ns is not null || !type.Namespaced))
            {
                await CreateAsync(context, cluster, type, ns ?? "");
            }
            else if (HttpMethods.IsDelete(method))
            {
                var (labels, fields) = ParseSelectors(query, type);
                var deleted = cluster.DeleteCollection(type, ns, labels, fields, Options(context, "Delete"));
                await WriteListAsync(context, type, [.. deleted.Select(d => d.Object)], cluster.ResourceVersion.ToString(CultureInfo.InvariantCulture), null);
            }
            else
            {
                throw ApiError.MethodNotAllowed($"the server does not allow this method on the requested resource");
            }
            return;
        }
        var name = path.Name;
        var target = ns ?? "";
        if (path.Subresource == "scale")
        {
            await ScaleAsync(context, cluster, type, target, name);
            return;
        }
        var subresource = path.Subresource is "status" or "finalize" ? "status" : null;
        switch (method)
        {
            case "GET":
                var stored = cluster.Get(type, target, name) ?? throw ApiError.NotFound(type, name);
                await WriteObjectAsync(context, stored);
                break;
            case "PUT":
                var body = Incoming(context, type, await BodyReader.ReadObjectAsync(context.Request, context.RequestAborted));
                var replaced = cluster.Replace(type, target, name, body, Options(context, "Update", subresource));
                await Responses.WriteBytesAsync(context, replaced.Created ? 201 : 200, Encode(context, replaced.Object));
                break;
            case "PATCH":
                await PatchAsync(context, cluster, type, target, name, subresource);
                break;
            case "DELETE":
                var deleteOptions = Options(context, "Delete") with { PreconditionUid = await PreconditionUidAsync(context) };
                var deleted = cluster.Delete(type, target, name, deleteOptions);
                if (deleted.Removed)
                {
                    var uid = deleted.Object.ToNode()["metadata"]?["uid"]?.GetValue<string>();
                    await Responses.WriteJsonAsync(context, 200, Responses.Success(name, type.Group, type.Plural, uid));
                }
                else
                {
                    await Responses.WriteBytesAsync(context, 200, Encode(context, deleted.Object));
                }
                break;
            default:
                throw ApiError.MethodNotAllowed($"the server does not allow this method on the requested resource");
        }
    }

    private async Task ListAsync(HttpContext context, VirtualCluster cluster, ResourceType type, string? ns)
    {
        var query = context.Request.Query;
        var (labels, fields) = ParseSelectors(query, type);
        var limit = int.TryParse(query["limit"], out var l) && l > 0 ? l : 0;
        var (after, listRv) = ContinueToken.Parse(query["continue"]);
        var (items, more, rv) = cluster.List(type, ns, labels, fields, limit, after);
        var snapshot = listRv ?? rv;
        var next = more ? ContinueToken.Format(items[^1].Namespace, items[^1].Name, snapshot) : null;
        await WriteListAsync(context, type, items, snapshot.ToString(CultureInfo.InvariantCulture), next);
    }

    private async Task WriteListAsync(HttpContext context, ResourceType type, IReadOnlyList<StoredObject> items, string rv, string? continueToken)
    {
        var accept = context.Request.Headers.Accept.ToString();
        if (TableConverter.WantsTable(accept))
        {
            var table = TableConverter.ToTable(type, items.Select(i => i.ToNode()), rv, TableMode(context), includeColumnDefinitions: true, time.GetUtcNow());
            if (continueToken is not null && table["metadata"] is JsonObject tableMeta)
            {
                tableMeta["continue"] = continueToken;
            }
            await Responses.WriteJsonAsync(context, 200, table);
            return;
        }
        // Stored objects are already serialized: splice their bytes into the list instead of re-encoding them.
        var metadata = new JsonObject { ["resourceVersion"] = rv };
        if (continueToken is not null)
        {
            metadata["continue"] = continueToken;
        }
        var head = $"{{\"kind\":\"{type.ListKind}\",\"apiVersion\":\"{Served(context, type).ApiVersion}\",\"metadata\":{metadata.ToJsonString(JsonDefaults.Options)},\"items\":[";
        var buffer = new MemoryStream();
        buffer.Write(Encoding.UTF8.GetBytes(head));
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                buffer.WriteByte((byte)',');
            }
            buffer.Write(Encode(context, items[i]));
        }
        buffer.Write("]}"u8);
        await Responses.WriteBytesAsync(context, 200, buffer.ToArray());
    }

    private async Task WriteObjectAsync(HttpContext context, StoredObject stored)
    {
        if (TableConverter.WantsTable(context.Request.Headers.Accept.ToString()))
        {
            var table = TableConverter.ToTable(stored.Type, [stored.ToNode()], stored.ResourceVersion.ToString(CultureInfo.InvariantCulture),
                TableMode(context), includeColumnDefinitions: true, time.GetUtcNow());
            await Responses.WriteJsonAsync(context, 200, table);
            return;
        }
        await Responses.WriteBytesAsync(context, 200, Encode(context, stored));
    }

    private async Task CreateAsync(HttpContext context, VirtualCluster cluster, ResourceType type, string ns)
    {
        var body = Incoming(context, type, await BodyReader.ReadObjectAsync(context.Request, context.RequestAborted));
        var result = cluster.Create(type, ns, body, Options(context, "Update"));
        await Responses.WriteBytesAsync(context, 201, Encode(context, result.Object));
    }

    private async Task PatchAsync(HttpContext context, VirtualCluster cluster, ResourceType type, string ns, string name, string? subresource)
    {
        var contentType = (context.Request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var query = context.Request.Query;
        if (contentType == "application/apply-patch+yaml" || contentType == "application/apply-patch+cbor")
        {
            if (string.IsNullOrEmpty(query["fieldManager"]))
            {
                throw new ApiError(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch")
                {
                    DetailsGroup = "meta.k8s.io",
                    DetailsKind = "PatchOptions",
                    Causes = [new StatusCause("FieldValueRequired", "Required value: is required for apply patch", "fieldManager")],
                };
            }
            var applied = Incoming(context, type, await BodyReader.ReadObjectAsync(context.Request, context.RequestAborted));
            var options = Options(context, "Apply", subresource) with { Force = IsTrue(query["force"]) };
            var result = cluster.Apply(type, ns, name, applied, options);
            await Responses.WriteBytesAsync(context, result.Created ? 201 : 200, Encode(context, result.Object));
            return;
        }
        var kind = contentType switch
        {
            "application/merge-patch+json" => PatchKind.Merge,
            "application/strategic-merge-patch+json" => PatchKind.Strategic,
            "application/json-patch+json" => PatchKind.Json,
            _ => throw ApiError.UnsupportedMediaType(contentType),
        };
        if (!string.IsNullOrEmpty(query["force"]))
        {
            throw new ApiError(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for non-apply patch")
            {
                Causes = [new StatusCause("FieldValueForbidden", "Forbidden: may not be specified for non-apply patch", "force")],
            };
        }
        var patch = await BodyReader.ReadAsync(context.Request, context.RequestAborted);
        var patched = cluster.Patch(type, ns, name, kind, patch, Options(context, "Update", subresource), Served(context, type));
        await Responses.WriteBytesAsync(context, 200, Encode(context, patched.Object));
    }

    // The scale subresource reads and writes the parent's replica count through an autoscaling/v1 Scale.
    private async Task ScaleAsync(HttpContext context, VirtualCluster cluster, ResourceType type, string ns, string name)
    {
        var stored = cluster.Get(type, ns, name) ?? throw ApiError.NotFound(type, name);
        var method = context.Request.Method;
        if (method is "PUT" or "PATCH")
        {
            var current = ScaleSubresource.From(stored);
            JsonNode next;
            if (method == "PUT")
            {
                next = await BodyReader.ReadObjectAsync(context.Request, context.RequestAborted);
            }
            else
            {
                var patch = await BodyReader.ReadAsync(context.Request, context.RequestAborted);
                next = (context.Request.ContentType ?? "").Contains("json-patch", StringComparison.Ordinal)
                    ? Patching.JsonPatch.Apply(current, patch)
                    : Patching.MergePatch.Apply(current, patch)!;
            }
            var replicas = next["spec"]?["replicas"]?.GetValue<long>()
                ?? throw ApiError.BadRequest("spec.replicas is required in a Scale");
            var spec = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } };
            stored = cluster.Patch(type, ns, name, PatchKind.Merge, spec, Options(context, "Update")).Object;
        }
        else if (method != "GET")
        {
            throw ApiError.MethodNotAllowed("the server does not allow this method on the requested resource");
        }
        await Responses.WriteJsonAsync(context, 200, ScaleSubresource.From(stored));
    }

    // A DELETE may carry DeleteOptions; of them only preconditions.uid changes what the simulator does.
    private static async Task<string?> PreconditionUidAsync(HttpContext context)
    {
        var hasBody = context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0;
        if (!hasBody || context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return null;
        }
        var options = await BodyReader.ReadObjectAsync(context.Request, context.RequestAborted);
        return options["preconditions"]?["uid"]?.GetValue<string>();
    }

    private WriteOptions Options(HttpContext context, string operation, string? subresource = null)
    {
        var query = context.Request.Query;
        var dryRun = query["dryRun"].ToString();
        if (dryRun.Length > 0 && dryRun != "All")
        {
            throw ApiError.BadRequest($"unsupported dry run mode \"{dryRun}\": supported are \"All\"");
        }
        var manager = query["fieldManager"].ToString();
        if (manager.Length == 0)
        {
            // The real server names an Update manager after the User-Agent up to its first slash.
            var agent = context.Request.Headers.UserAgent.ToString();
            manager = agent.Length == 0 ? "unknown" : agent.Split('/')[0];
        }
        _ = operation;
        return new WriteOptions(manager, dryRun == "All", time.GetUtcNow(), Subresource: subresource);
    }

    private static void CheckKind(ResourceType type, JsonObject body)
    {
        var kind = body["kind"]?.GetValue<string>();
        var apiVersion = body["apiVersion"]?.GetValue<string>();
        if ((kind is not null && kind != type.Kind) || (apiVersion is not null && apiVersion != type.ApiVersion))
        {
            throw ApiError.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion}) or kind {kind} is not {type.Kind}");
        }
    }

    internal static (LabelSelector Labels, FieldSelector Fields) ParseSelectors(IQueryCollection query, ResourceType type) =>
        (ParseLabelSelector(query["labelSelector"]), FieldSelector.Parse(query["fieldSelector"], type.Namespaced));

    // The real server answers any bad label selector with 400; the reason stays the simulator's one fixed sentence.
    private static LabelSelector ParseLabelSelector(string? text) =>
        LabelSelectorParser.TryParse(text, out var selector, out _)
            ? selector
            : throw ApiError.BadRequest($"unable to parse requirement: found '{text}', expected: valid label selector");

    internal static TableObjectMode TableMode(HttpContext context) => context.Request.Query["includeObject"].ToString() switch
    {
        "None" => TableObjectMode.None,
        "Object" => TableObjectMode.Object,
        _ => TableObjectMode.Metadata,
    };

    internal static bool IsTrue(Microsoft.Extensions.Primitives.StringValues value) =>
        value.ToString() is "true" or "1" or "True";
}
