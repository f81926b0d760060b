using System.Text.Json.Nodes;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Http;

/// <summary>One cause inside a Status's details, such as a field that failed validation.</summary>
public sealed record StatusCause(string Reason, string Message, string? Field);

/// <summary>
/// A failure answered as a Kubernetes <c>Status</c> object, with the HTTP code equal to <see cref="Code"/>.
/// Thrown anywhere below a request handler; the router turns it into the response.
/// </summary>
public sealed class ApiError(int code, string reason, string message) : Exception(message)
{
    public int Code { get; } = code;
    public string Reason { get; } = reason;
    public string? DetailsName { get; init; }
    public string? DetailsGroup { get; init; }
    public string? DetailsKind { get; init; }
    public IReadOnlyList<StatusCause> Causes { get; init; } = [];
    public int? RetryAfterSeconds { get; init; }

    /// <summary>The <c>Status</c> body a real API server sends for this failure.</summary>
    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
        };
        var details = new JsonObject();
        if (DetailsName is not null)
        {
            details["name"] = DetailsName;
        }
        if (!string.IsNullOrEmpty(DetailsGroup))
        {
            details["group"] = DetailsGroup;
        }
        if (DetailsKind is not null)
        {
            details["kind"] = DetailsKind;
        }
        if (Causes.Count > 0)
        {
            details["causes"] = new JsonArray([.. Causes.Select(c =>
            {
                var cause = new JsonObject { ["reason"] = c.Reason, ["message"] = c.Message };
                if (c.Field is not null)
                {
                    cause["field"] = c.Field;
                }
                return (JsonNode)cause;
            })]);
        }
        if (RetryAfterSeconds is int retry)
        {
            details["retryAfterSeconds"] = retry;
        }
        if (details.Count > 0)
        {
            status["details"] = details;
        }
        status["code"] = Code;
        return status;
    }

    public static ApiError NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.GroupResource} \"{name}\" not found")
        { DetailsName = name, DetailsGroup = type.Group, DetailsKind = type.Plural };

    public static ApiError NamespaceNotFound(string ns) =>
        new(404, "NotFound", $"namespaces \"{ns}\" not found") { DetailsName = ns, DetailsKind = "namespaces" };

    public static ApiError AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.GroupResource} \"{name}\" already exists")
        { DetailsName = name, DetailsGroup = type.Group, DetailsKind = type.Plural };

    public static ApiError StaleResourceVersion(ResourceType type, string name) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.GroupResource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again")
        { DetailsName = name, DetailsGroup = type.Group, DetailsKind = type.Plural };

    /// <summary>A DELETE whose preconditions (uid) no longer hold: the name now belongs to another object.</summary>
    public static ApiError PreconditionFailed(ResourceType type, string name, string message) =>
        new(409, "Conflict", message) { DetailsName = name, DetailsGroup = type.Group, DetailsKind = type.Plural };

    public static ApiError BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiError Invalid(ResourceType type, string name, string message, IReadOnlyList<StatusCause> causes) =>
        new(422, "Invalid", message) { DetailsName = name, DetailsGroup = type.Group, DetailsKind = type.Kind, Causes = causes };

    public static ApiError Expired(string message) => new(410, "Expired", message);

    public static ApiError MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    public static ApiError NamespaceTerminating(string ns) =>
        new(403, "Forbidden", $"unable to create new content in namespace {ns} because it is being terminated")
        {
            DetailsName = ns,
            DetailsKind = "namespaces",
            Causes = [new StatusCause("NamespaceTerminating", $"namespace {ns} is being terminated", "metadata.namespace")],
        };

    public static ApiError UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/merge-patch+json, application/strategic-merge-patch+json, application/json-patch+json, application/apply-patch+yaml (got \"{contentType}\")");
}
