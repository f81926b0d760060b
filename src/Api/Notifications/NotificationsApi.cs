using Fleet.Api.Security;
using Fleet.Api.Validation;
using Fleet.Grains.Interfaces.Notifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fleet.Api.Notifications;

/// <summary>Body of PUT /api/v1/notifications/{name}.</summary>
public sealed record NotificationRequest(
    string? Type,
    string? Url,
    string? Secret,
    List<string>? Triggers,
    string? Application,
    string? Cluster,
    int? Throttle);

/// <summary>/api/v1/notifications: configure webhook and Slack sinks; their URL and secret are never returned.</summary>
public static class NotificationsApi
{
    private const string Directory = "fleet";

    /// <summary>Maps the notification sink endpoints.</summary>
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/notifications").WithTags("Notifications");
        group.MapPut("/{name}", PutAsync).WithName("PutNotificationSink").WithSummary("Creates or replaces a notification sink.")
            .RequireAuthorization(FleetPolicies.Administer);
        group.MapGet("/", ListAsync).WithName("ListNotificationSinks").WithSummary("Lists notification sinks and their delivery status.")
            .RequireAuthorization(FleetPolicies.Read);
        group.MapGet("/{name}", GetAsync).WithName("GetNotificationSink").WithSummary("Reads a notification sink and its delivery status.")
            .RequireAuthorization(FleetPolicies.Read);
        group.MapDelete("/{name}", DeleteAsync).WithName("DeleteNotificationSink").WithSummary("Removes a notification sink.")
            .RequireAuthorization(FleetPolicies.Administer);
        return endpoints;
    }

    private static async Task<Results<Ok<NotificationSinkView>, ValidationProblem>> PutAsync(string name, NotificationRequest request, IGrainFactory grains)
    {
        var validation = new RequestValidation().Name("name", name);
        if (request.Type is null || !NotificationNames.Types.Contains(request.Type))
        {
            validation.Add("type", $"\"{request.Type}\" must be one of {string.Join(", ", NotificationNames.Types)}");
        }
        validation.Url("url", request.Url, "https", "http");
        if (request.Secret is not null && request.Type != NotificationNames.Webhook)
        {
            validation.Add("secret", "only a webhook sink signs its messages; a Slack URL is itself the secret");
        }
        else if (request.Secret is { Length: 0 })
        {
            validation.Add("secret", "must not be empty; leave it out for unsigned messages");
        }
        if (request.Triggers is not { Count: > 0 })
        {
            validation.Add("triggers", $"at least one of {string.Join(", ", NotificationNames.Triggers)} is required");
        }
        else
        {
            foreach (var trigger in request.Triggers.Where(t => !NotificationNames.Triggers.Contains(t)))
            {
                validation.Add("triggers", $"\"{trigger}\" is not a trigger; use {string.Join(", ", NotificationNames.Triggers)}");
            }
        }
        if (request.Application is not null)
        {
            validation.Name("application", request.Application);
        }
        if (request.Cluster is not null)
        {
            validation.Name("cluster", request.Cluster);
        }
        if (request.Throttle is < 1 or > 10_000)
        {
            validation.Add("throttle", "must be between 1 and 10000 messages per minute");
        }
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var view = await grains.GetGrain<INotificationSinkGrain>(name).ConfigureAsync(new NotificationSinkSpec
        {
            Type = request.Type!,
            Url = request.Url!,
            Secret = request.Secret,
            Triggers = [.. request.Triggers!.Distinct()],
            Application = request.Application,
            Cluster = request.Cluster,
            Throttle = request.Throttle,
        });
        await grains.GetGrain<INotificationDirectoryGrain>(Directory).AddAsync(name);
        return TypedResults.Ok(view);
    }

    private static async Task<Ok<NotificationSinkView[]>> ListAsync(IGrainFactory grains)
    {
        var names = await grains.GetGrain<INotificationDirectoryGrain>(Directory).ListAsync();
        var views = await Task.WhenAll(names.Select(n => grains.GetGrain<INotificationSinkGrain>(n).GetAsync()));
        return TypedResults.Ok(views.OfType<NotificationSinkView>().ToArray());
    }

    private static async Task<Results<Ok<NotificationSinkView>, ProblemHttpResult>> GetAsync(string name, IGrainFactory grains) =>
        await grains.GetGrain<INotificationSinkGrain>(name).GetAsync() is { } view
            ? TypedResults.Ok(view)
            : Problems.NotFound("notification sink", name);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, IGrainFactory grains)
    {
        if (!await grains.GetGrain<INotificationSinkGrain>(name).DeleteAsync())
        {
            return Problems.NotFound("notification sink", name);
        }
        await grains.GetGrain<INotificationDirectoryGrain>(Directory).RemoveAsync(name);
        return TypedResults.NoContent();
    }
}
