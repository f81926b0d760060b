using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Api.Errors;

/// <summary>
/// Answers a request body that could not be bound (an unknown field, a value of the wrong type, broken JSON) with
/// 400 validation problem details naming the field, in the same shape as the endpoints' own field errors. Endpoints
/// throw these only because the API sets <c>RouteHandlerOptions.ThrowOnBadRequest</c>; without it the framework
/// answers a bare 400 that does not say what was wrong.
/// </summary>
public sealed class RequestBodyExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted)
        {
            return false;
        }
        httpContext.Response.StatusCode = bad.StatusCode;
        if (bad.InnerException is JsonException)
        {
            // The serializer stopped inside the body and left the request's pipe mid-read (.NET 10 reads JSON bodies
            // through a PipeReader); Kestrel then fails to drain it for the next request on the connection and logs
            // a warning. Closing the connection after this answer leaves nothing to drain.
            httpContext.Response.Headers.Connection = "close";
        }
        ProblemDetails problem = bad.InnerException is JsonException json
            ? FieldProblem(json)
            // Missing body, wrong content type, unparsable route or query value: the framework's message says which
            // parameter, without any of the request's content.
            : new ProblemDetails { Title = "Bad request", Detail = bad.Message };
        problem.Status = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static HttpValidationProblemDetails FieldProblem(JsonException json)
    {
        var field = BodyField.FromJsonPath(json.Path);
        var unknown = BodyField.IsUnmappedMember(json);
        var error = unknown
            ? "is not a field of this request (Fleet would ignore it, so nothing was done): check its spelling"
            : "could not be read: the value has the wrong type or the JSON is malformed";
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [error] })
        {
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            Title = "One or more validation errors occurred.",
            Detail = unknown ? $"Unknown field {field} in the request body." : $"The request body's field {field} could not be read.",
        };
    }
}

/// <summary>Names body fields as the API's field errors do: <c>syncPolicy.automated</c>, <c>destination.clusters[0]</c>.</summary>
public static class BodyField
{
    /// <summary>The field of a System.Text.Json path (<c>$.syncPolicy.automated</c>); <c>body</c> for the root.</summary>
    public static string FromJsonPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    /// <summary>
    /// True when the serializer refused a property the target type does not have (<c>UnmappedMemberHandling.Disallow</c>).
    /// System.Text.Json reports it with no inner exception and a fixed sentence, and offers no other marker.
    /// </summary>
    public static bool IsUnmappedMember(JsonException exception) =>
        exception.InnerException is null && exception.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal);
}
