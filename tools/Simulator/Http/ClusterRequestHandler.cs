using Fleet.Simulator.Discovery;
using Fleet.Simulator.Hosting;
using Fleet.Simulator.Storage;

namespace Fleet.Simulator.Http;

/// <summary>
/// Entry point for every request under <c>/clusters/{name}/</c>: finds the virtual cluster, checks its bearer token,
/// injects its faults, and dispatches to discovery, OpenAPI or the resource handlers.
/// </summary>
public sealed class ClusterRequestHandler(ClusterRegistry clusters, ResourceHandler resources)
{
    public async Task HandleAsync(HttpContext context)
    {
        var name = (string)context.Request.RouteValues["cluster"]!;
        var rest = context.Request.RouteValues["path"] as string ?? "";
        if (!clusters.TryGet(name, out var cluster))
        {
            await Responses.WritePageNotFoundAsync(context);
            return;
        }
        cluster.CountRequest(HttpProtocol.IsHttp2(context.Request.Protocol));
        try
        {
            if (!Authorized(context, cluster))
            {
                throw new ApiError(401, "Unauthorized", "Unauthorized");
            }
            if (!await InjectFaultsAsync(context, cluster))
            {
                return;
            }
            await DispatchAsync(context, cluster, rest);
        }
        catch (ApiError error)
        {
            if (!context.Response.HasStarted)
            {
                await Responses.WriteErrorAsync(context, error);
            }
        }
    }

    private static bool Authorized(HttpContext context, VirtualCluster cluster) =>
        cluster.BearerToken is null
        || context.Request.Headers.Authorization.ToString() == "Bearer " + cluster.BearerToken;

    // Returns false when the fault already answered (or dropped) the request.
    private static async Task<bool> InjectFaultsAsync(HttpContext context, VirtualCluster cluster)
    {
        var faults = cluster.Faults;
        switch (faults.Outage)
        {
            case OutageMode.ConnectionRefused:
                context.Abort();
                return false;
            case OutageMode.Unavailable:
                throw new ApiError(503, "ServiceUnavailable", "the server is currently unable to handle the request");
            default:
                break;
        }
        if (faults.Latency > TimeSpan.Zero)
        {
            await Task.Delay(faults.Latency, context.RequestAborted);
        }
        if (faults.ErrorRate > 0 && Random.Shared.NextDouble() < faults.ErrorRate)
        {
            if (faults.ErrorCode == StatusCodes.Status429TooManyRequests)
            {
                // Flow control answers in plain text with Retry-After, not with a Status object.
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = faults.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("Too many requests, please try again later.\n", context.RequestAborted);
                return false;
            }
            throw new ApiError(faults.ErrorCode, "InternalError", "Internal error occurred: injected fault");
        }
        return true;
    }

    private Task DispatchAsync(HttpContext context, VirtualCluster cluster, string rest)
    {
        var path = ApiPath.Parse(rest);
        var types = cluster.Types;
        var accept = context.Request.Headers.Accept.ToString();
        var aggregated = DiscoveryDocuments.WantsAggregated(accept);
        if (path is not ApiPath.Resource && !HttpMethods.IsGet(context.Request.Method))
        {
            throw ApiError.MethodNotAllowed($"the server does not allow this method on the requested resource");
        }
        return path switch
        {
            ApiPath.Version => Responses.WriteJsonAsync(context, 200, DiscoveryDocuments.Version()),
            ApiPath.CoreVersions when aggregated =>
                Responses.WriteJsonAsync(context, 200, DiscoveryDocuments.AggregatedCore(types), DiscoveryDocuments.AggregatedContentType),
            ApiPath.CoreVersions => Responses.WriteJsonAsync(context, 200, DiscoveryDocuments.CoreVersions(context.Request.Host.ToString())),
            ApiPath.GroupList when aggregated =>
                Responses.WriteJsonAsync(context, 200, DiscoveryDocuments.AggregatedGroups(types), DiscoveryDocuments.AggregatedContentType),
            ApiPath.GroupList => Responses.WriteJsonAsync(context, 200, DiscoveryDocuments.GroupList(types)),
            ApiPath.ApiGroup g => WriteOrNotFound(context, DiscoveryDocuments.Group(types, g.Name)),
            ApiPath.ResourceList r => WriteOrNotFound(context, DiscoveryDocuments.ResourceList(types, r.Group, r.GroupVersion)),
            ApiPath.OpenApiIndex => Responses.WriteJsonAsync(context, 200, OpenApiDocuments.Index(types, $"/clusters/{cluster.Name}")),
            ApiPath.OpenApiGroupVersion o => WriteOrNotFound(context, OpenApiDocuments.GroupVersion(types, o.Group, o.GroupVersion)),
            ApiPath.Resource r => resources.HandleAsync(context, cluster, r),
            _ => Responses.WritePageNotFoundAsync(context),
        };
    }

    private static Task WriteOrNotFound(HttpContext context, System.Text.Json.Nodes.JsonObject? document) =>
        document is null ? Responses.WritePageNotFoundAsync(context) : Responses.WriteJsonAsync(context, 200, document);
}
