using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Api.Errors;

/// <summary>
/// Turns the failures of a control plane that is temporarily unable to answer (its store unreachable, a silo gone,
/// a grain call timing out) into 503 problem details with <c>Retry-After</c>, so that clients retry instead of
/// reading a bare 500. Every other exception falls through to the default handler.
/// </summary>
public sealed partial class StoreUnavailableExceptionHandler(IProblemDetailsService problems, ILogger<StoreUnavailableExceptionHandler> logger)
    : IExceptionHandler
{
    /// <summary>The title of the 503 answer.</summary>
    public const string Title = "The control plane's store is unavailable; retry";

    /// <summary>Seconds a client should wait before retrying.</summary>
    public const int RetryAfterSeconds = 5;

    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnavailable(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }
        LogUnavailable(logger, exception.GetType().Name, httpContext.Request.Method, httpContext.Request.Path);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = Title,
                // The exception's message may name hosts or keys: only its kind is told.
                Detail = $"The request could not complete ({Describe(exception)}). Nothing is lost: retry after {RetryAfterSeconds} seconds.",
                Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
            },
        });
    }

    /// <summary>True when <paramref name="exception"/> or one of its inner exceptions says the store or a silo is unavailable.</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is AggregateException aggregate && aggregate.InnerExceptions.Any(IsUnavailable))
            {
                return true;
            }
            if (current is TimeoutException or OrleansException || IsRedisException(current))
            {
                return true;
            }
        }
        return false;
    }

    // StackExchange.Redis is a silo-side dependency; matching by namespace keeps it out of the API's references.
    private static bool IsRedisException(Exception exception)
    {
        for (var type = exception.GetType(); type is not null && type != typeof(Exception); type = type.BaseType)
        {
            if (type.Namespace == "StackExchange.Redis" || type.Namespace?.StartsWith("Orleans.Persistence", StringComparison.Ordinal) == true)
            {
                return true;
            }
        }
        return false;
    }

    private static string Describe(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (IsRedisException(current))
            {
                return "the store did not answer";
            }
        }
        return exception is TimeoutException ? "a call timed out" : "a silo was unavailable";
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Answered 503 to {Method} {Path}: the control plane is unavailable ({ExceptionType})")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType, string method, string path);
}

/// <summary>Registers the mapping of unavailability exceptions to 503 problem details.</summary>
public static class ErrorMappingExtensions
{
    /// <summary>
    /// Adds <see cref="StoreUnavailableExceptionHandler"/> and <see cref="RequestBodyExceptionHandler"/>; the host's
    /// <c>UseExceptionHandler()</c> runs them.
    /// </summary>
    public static IHostApplicationBuilder AddFleetErrorMapping(this IHostApplicationBuilder builder)
    {
        builder.Services.AddExceptionHandler<StoreUnavailableExceptionHandler>();
        builder.Services.AddExceptionHandler<RequestBodyExceptionHandler>();
        // Binding failures become exceptions (in every environment, not only Development) so that the handler above
        // can name the field; otherwise they are answered with an empty 400.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return builder;
    }
}
