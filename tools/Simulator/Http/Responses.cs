using System.Text.Json.Nodes;

namespace Fleet.Simulator.Http;

/// <summary>Writes API server answers: JSON objects, stored object bytes, Status failures.</summary>
public static class Responses
{
    public const string Json = "application/json";

    public static async Task WriteJsonAsync(HttpContext context, int statusCode, JsonNode body, string contentType = Json)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body.ToJsonString(JsonDefaults.Options), context.RequestAborted);
    }

    public static async Task WriteBytesAsync(HttpContext context, int statusCode, byte[] json)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = Json;
        context.Response.ContentLength = json.Length;
        await context.Response.Body.WriteAsync(json, context.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext context, ApiError error)
    {
        if (error.RetryAfterSeconds is int retry)
        {
            context.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return WriteJsonAsync(context, error.Code, error.ToStatus());
    }

    /// <summary>What the real server answers for a path no API serves: plain text, which kubectl reports as "could not find the requested resource".</summary>
    public static async Task WritePageNotFoundAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync("404 page not found\n", context.RequestAborted);
    }

    public static JsonObject Success(string name, string group, string plural, string? uid)
    {
        var details = new JsonObject { ["name"] = name, ["group"] = group, ["kind"] = plural };
        if (uid is not null)
        {
            details["uid"] = uid;
        }
        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        };
    }
}
