using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Api.Validation;

/// <summary>RFC 7807 answers shared by the endpoint groups.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string what, string name) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{Capitalize(what)} not found",
            detail: $"No {what} named \"{name}\" is registered.");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
