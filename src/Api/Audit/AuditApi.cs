using System.Globalization;
using Fleet.Api.Security;
using Fleet.Api.Validation;
using Fleet.Grains.Interfaces.Security;
using Fleet.Grains.Interfaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fleet.Api.Audit;

/// <summary>The audit log of mutating calls: recording (middleware) and GET /api/v1/audit (admin only).</summary>
public static class AuditApi
{
    /// <summary>The most entries one query returns.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Registers the recorder and puts the audit middleware first in the pipeline.</summary>
    public static IHostApplicationBuilder AddFleetAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AuditRecorder>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AuditRecorder>());
        builder.Services.AddTransient<IStartupFilter, AuditStartupFilter>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/audit", QueryAsync).WithTags("Audit").WithName("QueryAudit")
            .WithSummary("Mutating API calls by callers with a valid token, newest first; filter by who, outcome (Succeeded|Failed), since (ISO 8601) and limit. Refused calls (401, 403, 429) are counted in the metric fleet_api_requests_refused instead.")
            .RequireAuthorization(FleetPolicies.Administer);
        return endpoints;
    }

    private static async Task<Results<Ok<IReadOnlyList<AuditEntry>>, ValidationProblem>> QueryAsync(
        string? who, string? outcome, string? since, string? limit, IGrainFactory grains)
    {
        var validation = new RequestValidation();
        AuditOutcome? parsedOutcome = null;
        if (!string.IsNullOrEmpty(outcome))
        {
            if (Enum.TryParse<AuditOutcome>(outcome, ignoreCase: true, out var o) && Enum.IsDefined(o) && !char.IsDigit(outcome[0]))
            {
                parsedOutcome = o;
            }
            else
            {
                validation.Add("outcome", $"\"{outcome}\" must be one of {string.Join(", ", Enum.GetNames<AuditOutcome>())}");
            }
        }
        DateTimeOffset? parsedSince = null;
        if (!string.IsNullOrEmpty(since))
        {
            if (DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var s))
            {
                parsedSince = s;
            }
            else
            {
                validation.Add("since", $"\"{since}\" must be an ISO 8601 time, for example 2026-11-26T10:00:00Z");
            }
        }
        var parsedLimit = 100;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out parsedLimit) || parsedLimit is < 1 or > MaxLimit))
        {
            validation.Add("limit", $"\"{limit}\" must be a whole number from 1 to {MaxLimit}");
        }
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var entries = await grains.AuditLog().QueryAsync(new AuditQuery
        {
            Who = string.IsNullOrEmpty(who) ? null : who,
            Outcome = parsedOutcome,
            Since = parsedSince,
            Limit = parsedLimit,
        });
        return TypedResults.Ok(entries);
    }
}
