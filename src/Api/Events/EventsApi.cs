using System.Globalization;
using System.Text.Json;
using System.Text;
using Fleet.Api.Security;
using Fleet.Api.Validation;
using Fleet.Grains.Interfaces.Events;
using Fleet.Grains.Interfaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fleet.Api.Events;

/// <summary>GET /api/v1/events: the fleet's events as a server-sent event stream.</summary>
public static class EventsApi
{
    /// <summary>A comment line is sent when nothing else was for this long, so proxies keep the stream open.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    /// <summary>The media type of a server-sent event stream.</summary>
    public const string EventStreamContentType = "text/event-stream";

    /// <summary>Maps the event stream.</summary>
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder endpoints)
    {
        // Created here so that a bad bound stops the start rather than the first stream.
        _ = endpoints.ServiceProvider.GetRequiredService<EventStreamSlots>();
        endpoints.MapGet("/api/v1/events", StreamAsync).WithTags("Events").WithName("StreamEvents")
            .WithSummary("Streams fleet events (text/event-stream); filters application, cluster, kind; resumes from Last-Event-ID or since.")
            // The handler answers IResult, which tells the document generator nothing: declare the stream and the
            // validation failure so that clients generated from the document expect text/event-stream.
            .Produces<string>(StatusCodes.Status200OK, EventStreamContentType)
            .ProducesValidationProblem()
            .RequireAuthorization(FleetPolicies.Read);
        return endpoints;
    }

    private static async Task<IResult> StreamAsync(HttpContext context, IGrainFactory grains, IOptions<JsonOptions> json, EventStreamSlots slots,
        string? application, string? cluster, string? kind, string? since)
    {
        var validation = new RequestValidation();
        var kinds = new HashSet<FleetEventKind>();
        foreach (var name in List(kind) ?? [])
        {
            if (Enum.TryParse<FleetEventKind>(name, ignoreCase: true, out var parsed) && !int.TryParse(name, out _))
            {
                kinds.Add(parsed);
            }
            else
            {
                validation.Add("kind", $"\"{name}\" is not an event kind; use {string.Join(", ", Enum.GetNames<FleetEventKind>())}");
            }
        }
        var lastEventId = context.Request.Headers["Last-Event-ID"].ToString();
        var resume = Position(validation, "Last-Event-ID", lastEventId) ?? Position(validation, "since", since);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        using var slot = slots.TryTake(context.User.Identity?.Name ?? "unnamed");
        if (slot is null)
        {
            context.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many event streams",
                detail: $"This caller already holds {slots.PerCaller} open event streams (Fleet:Events:MaxStreamsPerCaller); close one first.");
        }
        var applications = List(application);
        var clusters = List(cluster);
        var journal = grains.EventJournal();
        var aborted = context.RequestAborted;
        var visible = new ApplicationVisibility(ProjectAccess.Of(context.User), grains);

        context.Response.ContentType = EventStreamContentType;
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            var cursor = resume ?? await journal.GetLastSequenceAsync().WaitAsync(aborted);
            // Tell the client how long to wait before it reconnects, and open the stream at once.
            await WriteAsync(context, "retry: 2000\n\n", aborted);
            var lastWrite = DateTimeOffset.UtcNow;
            while (!aborted.IsCancellationRequested)
            {
                var wait = HeartbeatInterval - (DateTimeOffset.UtcNow - lastWrite);
                var page = await journal.ReadAsync(cursor, 256, wait > TimeSpan.Zero ? wait : TimeSpan.Zero).WaitAsync(aborted);
                var text = new StringBuilder();
                if (page.Missed > 0)
                {
                    text.Append(CultureInfo.InvariantCulture, $": {page.Missed} events were evicted from the journal before they could be sent\n\n");
                }
                foreach (var e in page.Events)
                {
                    cursor = e.Sequence;
                    if ((kinds.Count > 0 && !kinds.Contains(e.Kind)) || (applications is not null && !applications.Contains(e.Application ?? ""))
                        || (clusters is not null && !clusters.Contains(e.Cluster ?? "")) || !await visible.AllowsAsync(e.Application))
                    {
                        continue;
                    }
                    text.Append(CultureInfo.InvariantCulture, $"id: {e.Sequence}\nevent: {e.Kind}\ndata: {JsonSerializer.Serialize(e, json.Value.SerializerOptions)}\n\n");
                }
                if (text.Length == 0 && DateTimeOffset.UtcNow - lastWrite >= HeartbeatInterval)
                {
                    text.Append(": heartbeat\n\n");
                }
                if (text.Length > 0)
                {
                    await WriteAsync(context, text.ToString(), aborted);
                    lastWrite = DateTimeOffset.UtcNow;
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away: the stream ends here.
        }
        return TypedResults.Empty;
    }

    private static async Task WriteAsync(HttpContext context, string text, CancellationToken cancellationToken)
    {
        await context.Response.WriteAsync(text, cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }

    private static HashSet<string>? List(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static long? Position(RequestValidation validation, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var position))
        {
            return position;
        }
        validation.Add(field, $"\"{value}\" must be an event id (a non-negative integer)");
        return null;
    }

    // What a project-scoped caller may see of the stream: events of its projects' applications, and nothing
    // fleet-wide (a cluster's events tell of other teams' instances). Each application is looked up once per stream.
    private sealed class ApplicationVisibility(ProjectAccess access, IGrainFactory grains)
    {
        private readonly Dictionary<string, bool> _known = new(StringComparer.Ordinal);

        public async ValueTask<bool> AllowsAsync(string? application)
        {
            if (!access.IsScoped)
            {
                return true;
            }
            if (application is null)
            {
                return false;
            }
            if (!_known.TryGetValue(application, out var allowed))
            {
                _known[application] = allowed = await access.AllowsApplicationAsync(grains, application);
            }
            return allowed;
        }
    }
}
