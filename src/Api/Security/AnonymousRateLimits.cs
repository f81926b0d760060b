using System.Threading.RateLimiting;
using Fleet.Api.Telemetry;
using Fleet.Api.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fleet.Api.Security;

/// <summary>
/// Requests without a valid token (webhook deliveries, probes of the API, failed authentications) share a token
/// bucket per client address: enough for Git providers and people, too little to grind through token guesses or to
/// keep a silo busy. Callers with a valid token are not limited here; the health probes never are, since a refused
/// probe would have Kubernetes restart a healthy silo.
/// </summary>
public static class AnonymousRateLimits
{
    /// <summary>Sustained requests per second per client address (<c>Fleet:RateLimits:Anonymous:PermitsPerSecond</c>).</summary>
    public const int DefaultPermitsPerSecond = 20;

    /// <summary>How many may arrive at once after a quiet spell (<c>Fleet:RateLimits:Anonymous:Burst</c>).</summary>
    public const int DefaultBurst = 200;

    private static readonly PathString[] Probes = [new("/healthz"), new("/readyz")];

    /// <summary>Registers the limiter; <c>UseFleetRequestPipeline</c> puts it between authentication and authorization.</summary>
    public static IHostApplicationBuilder AddFleetRateLimits(this IHostApplicationBuilder builder)
    {
        var (perSecond, burst) = ReadLimits(builder.Configuration);
        builder.Services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, perSecond, burst));
            options.OnRejected = (rejected, cancellationToken) =>
            {
                var context = rejected.HttpContext;
                context.RequestServices.GetRequiredService<RequestMetrics>().Refused("rate_limited");
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                // A bucket refills one permit per 1/perSecond: a client that waits a second finds permits again.
                context.Response.Headers.RetryAfter = "1";
                return new ValueTask(Results.Problem(
                    title: "Too many requests without a valid token",
                    detail: $"More than {perSecond} requests per second (bursts of {burst}) came from this address without a valid token; retry after a second.",
                    statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context));
            };
        });
        return builder;
    }

    /// <summary>The configured limits, or the defaults; throws naming the key when a value is not a positive number.</summary>
    public static (int PermitsPerSecond, int Burst) ReadLimits(IConfiguration configuration)
    {
        return (Settings.PositiveNumber(configuration, "Fleet:RateLimits:Anonymous:PermitsPerSecond", DefaultPermitsPerSecond),
            Settings.PositiveNumber(configuration, "Fleet:RateLimits:Anonymous:Burst", DefaultBurst));
    }

    private static RateLimitPartition<string> Partition(HttpContext context, int perSecond, int burst)
    {
        if (context.User.Identity?.IsAuthenticated == true || Probes.Any(probe => context.Request.Path.Equals(probe)))
        {
            return RateLimitPartition.GetNoLimiter("unlimited");
        }
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetTokenBucketLimiter("anonymous:" + address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
