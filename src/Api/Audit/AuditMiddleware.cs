using Fleet.Api.Security;
using Fleet.Api.Telemetry;
using Fleet.Grains.Interfaces.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Fleet.Api.Audit;

/// <summary>
/// Records every mutating call under /api/v1 (POST, PUT, PATCH, DELETE), and every action of the web UI under /actions
/// (the same operations, posted by a browser session), by a caller with a valid token, once its
/// response has gone out: who, role, method, path, status and outcome. Never the body or the query string: they may
/// hold secrets. Calls refused for want of a valid token or a role (401, 403) and calls without a token (webhook
/// deliveries) are counted in metrics instead: the log is a ring of fixed size, and whoever can send requests
/// without a token must not be able to push the real entries out of it.
/// </summary>
public sealed class AuditMiddleware(RequestDelegate next, AuditRecorder recorder, RequestMetrics metrics, TimeProvider time)
{
    private const string Anonymous = "anonymous";
    private static readonly PathString[] AuditedPrefixes = [new("/api/v1"), new("/actions")];

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!AuditedPrefixes.Any(prefix => request.Path.StartsWithSegments(prefix))
            || !(HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method)))
        {
            return next(context);
        }
        context.Response.OnCompleted(() =>
        {
            var entry = EntryOf(context);
            if (entry.Outcome == AuditOutcome.Denied)
            {
                metrics.Refused(entry.Status == StatusCodes.Status401Unauthorized ? "unauthenticated" : "forbidden");
            }
            else if (entry.Who != Anonymous)
            {
                recorder.Record(entry);
            }
            return Task.CompletedTask;
        });
        return next(context);
    }

    private AuditEntry EntryOf(HttpContext context)
    {
        // Authentication ran further down the pipeline and left the caller on the context.
        var user = context.User;
        var authenticated = user.Identity?.IsAuthenticated == true;
        var status = context.Response.StatusCode;
        return new AuditEntry
        {
            Time = time.GetUtcNow(),
            Who = authenticated ? user.Identity!.Name ?? "unnamed" : Anonymous,
            Role = authenticated ? FleetRoles.All.LastOrDefault(user.IsInRole) : null,
            Method = context.Request.Method,
            Path = (context.Request.PathBase + context.Request.Path).ToString(),
            Status = status,
            Outcome = status switch
            {
                StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden => AuditOutcome.Denied,
                < 400 => AuditOutcome.Succeeded,
                _ => AuditOutcome.Failed,
            },
        };
    }
}

/// <summary>
/// Puts <see cref="AuditMiddleware"/> first in the pipeline, ahead of authentication and authorization (which the
/// host adds before the app's own middleware), so that denied calls are recorded too.
/// </summary>
public sealed class AuditStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<AuditMiddleware>();
        next(app);
    };
}
