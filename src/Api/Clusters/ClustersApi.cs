using System.ComponentModel;
using Fleet.Api.Security;
using Fleet.Api.Validation;
using Fleet.Grains.Interfaces.Clusters;
using Fleet.Grains.Interfaces.Fleet;
using Fleet.Grains.Interfaces;
using Fleet.Kubernetes.Selectors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Fleet.Api.Clusters;

/// <summary>Body of PUT /api/v1/clusters/{name}.</summary>
public sealed record ClusterRequest(
    string? Server,
    string? CaData,
    bool? InsecureSkipTlsVerify,
    string? Token,
    string? ClientCertificateData,
    string? ClientKeyData,
    Dictionary<string, string>? Labels,
    string? Mode = null);

/// <summary>Answer of POST /api/v1/clusters/{name}/bootstrap-token: a new token for the cluster's agent, shown once.</summary>
public sealed record BootstrapTokenResponse(string Cluster, string BootstrapToken);

/// <summary>Body of POST /api/v1/clusters/{name}/import: a kubeconfig (text) and the context to take.</summary>
public sealed record ClusterImportRequest(string? Kubeconfig, string? Context, Dictionary<string, string>? Labels);

/// <summary>/api/v1/clusters: register, list, read and remove clusters. Tokens and keys are never returned.</summary>
public static class ClustersApi
{
    /// <summary>Maps the clusters endpoints.</summary>
    public static IEndpointRouteBuilder MapClustersApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/clusters").WithTags("Clusters");
        group.MapPut("/{name}", PutAsync).WithName("PutCluster").WithSummary("Registers a cluster or replaces its registration.")
            .RequireAuthorization(FleetPolicies.Administer);
        group.MapPost("/{name}/import", ImportAsync).WithName("ImportCluster")
            .WithSummary("Registers a cluster from a context of a kubeconfig (server, CA, token or client certificate).")
            .RequireAuthorization(FleetPolicies.Administer);
        group.MapPost("/{name}/bootstrap-token", BootstrapTokenAsync).WithName("IssueClusterBootstrapToken")
            .WithSummary("Issues a new bootstrap token for an agent cluster's agent (one that lost its credential); shown once.")
            .RequireAuthorization(FleetPolicies.Administer);
        group.MapGet("/", ListAsync).WithName("ListClusters")
            .WithSummary("Lists registered clusters, filtered by a label selector (selector=env=prod,tier!=web) and paged.")
            .RequireAuthorization(FleetPolicies.Read);
        group.MapGet("/{name}", GetAsync).WithName("GetCluster").WithSummary("Reads a cluster, its connectivity and its roll-up.")
            .RequireAuthorization(FleetPolicies.Read);
        group.MapDelete("/{name}", DeleteAsync).WithName("DeleteCluster").WithSummary("Unregisters a cluster.")
            .RequireAuthorization(FleetPolicies.Administer);
        return endpoints;
    }

    private static async Task<Results<Ok<ClusterView>, ValidationProblem>> PutAsync(string name, ClusterRequest request, IGrainFactory grains)
    {
        var validation = new RequestValidation().Name("name", name).Labels("labels", request.Labels);
        if (request.Mode == "agent")
        {
            return await PutAgentAsync(name, request, grains, validation);
        }
        if (request.Mode is not (null or "push"))
        {
            validation.Add("mode", $"\"{request.Mode}\" must be push (Fleet calls the cluster) or agent (an agent in the cluster calls Fleet)");
        }
        validation.Url("server", request.Server, "https", "http");
        if (request.ClientCertificateData is null != request.ClientKeyData is null)
        {
            validation.Add("clientKeyData", "a client certificate needs its key, and a key its certificate");
        }
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var view = await grains.GetGrain<IClusterGrain>(name).RegisterAsync(new ClusterRegistration
        {
            Server = request.Server!.TrimEnd('/'),
            CertificateAuthorityData = request.CaData,
            InsecureSkipTlsVerify = request.InsecureSkipTlsVerify ?? false,
            Token = request.Token,
            ClientCertificateData = request.ClientCertificateData,
            ClientKeyData = request.ClientKeyData,
            Labels = request.Labels ?? [],
        });
        return TypedResults.Ok(view);
    }

    // An agent cluster's credentials stay in the cluster: a request that brings any is refused rather than stored.
    private static async Task<Results<Ok<ClusterView>, ValidationProblem>> PutAgentAsync(string name, ClusterRequest request, IGrainFactory grains,
        RequestValidation validation)
    {
        string[] given = [.. new (string Field, object? Value)[]
            {
                ("server", request.Server), ("caData", request.CaData), ("insecureSkipTlsVerify", request.InsecureSkipTlsVerify),
                ("token", request.Token), ("clientCertificateData", request.ClientCertificateData), ("clientKeyData", request.ClientKeyData),
            }.Where(f => f.Value is not null).Select(f => f.Field)];
        foreach (var field in given)
        {
            validation.Add(field, "must be left out for an agent cluster: its agent calls Fleet, and Fleet keeps no address or credential of it");
        }
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var view = await grains.GetGrain<IClusterGrain>(name).RegisterAsync(new ClusterRegistration
        {
            Server = "",
            Labels = request.Labels ?? [],
            Mode = ClusterMode.Agent,
        });
        return TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<BootstrapTokenResponse>, ProblemHttpResult>> BootstrapTokenAsync(string name, IGrainFactory grains)
    {
        var cluster = grains.GetGrain<IClusterGrain>(name);
        if (await cluster.GetAsync() is null)
        {
            return Problems.NotFound("cluster", name);
        }
        return await cluster.IssueBootstrapTokenAsync() is { } token
            ? TypedResults.Ok(new BootstrapTokenResponse(name, token))
            : Problems.Conflict($"Cluster {name} is a push cluster: Fleet calls it with its registered credentials, and no agent needs a token.");
    }

    private static async Task<Results<Ok<ClusterView>, ValidationProblem>> ImportAsync(string name, ClusterImportRequest request, IGrainFactory grains)
    {
        var validation = new RequestValidation().Name("name", name).Required("kubeconfig", request.Kubeconfig).Labels("labels", request.Labels);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var (view, error) = await grains.GetGrain<IClusterGrain>(name).ImportAsync(request.Kubeconfig!, request.Context, request.Labels ?? []);
        return view is not null
            ? TypedResults.Ok(view)
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["kubeconfig"] = [error!] });
    }

    private static async Task<Results<Ok<Page<ClusterView>>, ValidationProblem>> ListAsync(
        IGrainFactory grains,
        [Description("Cluster label selector: env=prod,tier!=web,region in (eu,us),!legacy.")] string? selector,
        [Description("Items per page, 1 to 1000 (default 100).")] string? limit,
        [FromQuery(Name = "continue"), Description("The continue token of the previous page, unchanged.")] string? continueToken)
    {
        var validation = new RequestValidation();
        var requirements = validation.Selector("selector", selector);
        var size = validation.Limit(limit);
        var after = validation.Continue(continueToken, 1);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        // Labels come from the directory (memory); only the clusters on this page are read.
        var clusters = await grains.FleetDirectory().GetClustersAsync();
        var matcher = new LabelSelector(LabelRequirements.ToSelector(requirements));
        var selected = clusters.Where(c => matcher.Matches(c.Value)).Select(c => c.Key).Order(StringComparer.Ordinal).ToList();
        var (names, next) = Paging.Slice(selected, n => n, after?[0], size);
        var views = await Task.WhenAll(names.Select(n => grains.GetGrain<IClusterGrain>(n).GetAsync()));
        return TypedResults.Ok(new Page<ClusterView>([.. views.OfType<ClusterView>()], selected.Count, next));
    }

    private static async Task<Results<Ok<ClusterView>, ProblemHttpResult>> GetAsync(string name, IGrainFactory grains) =>
        await grains.GetGrain<IClusterGrain>(name).GetAsync() is { } view
            ? TypedResults.Ok(view)
            : Problems.NotFound("cluster", name);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, IGrainFactory grains)
    {
        var cluster = grains.GetGrain<IClusterGrain>(name);
        if (await cluster.GetAsync() is null)
        {
            return Problems.NotFound("cluster", name);
        }
        await cluster.UnregisterAsync();
        return TypedResults.NoContent();
    }
}
