using Fleet.Api.Security;
using Fleet.Grains.Interfaces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Api.Tokens;

/// <summary>
/// At first start, when FLEET_ADMIN_TOKEN is not set and no admin token exists, makes one and prints it to stdout
/// once. With several silos starting together the registry grain lets only one of them make it.
/// </summary>
public sealed partial class AdminBootstrap(
    IConfiguration configuration,
    IGrainFactory grains,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<AdminBootstrap> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!string.IsNullOrEmpty(configuration[ConfiguredAdminToken.Key]))
        {
            return;
        }
        // The silo (a hosted service too) must be up before grains can be called.
        await WaitForStartAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var token = await grains.TokenRegistry().BootstrapAdminAsync();
                if (token is not null)
                {
                    Print(token);
                }
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogBootstrapFailed(logger, e);
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
        }
    }

    private async Task WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        await started.Task;
    }

    // Straight to stdout, not through logging: log pipelines keep and ship what they get, this must be seen once.
    private static void Print(string token) => Console.Out.WriteLine($"""

        ==================================================================================
         Fleet made its first admin token. It is shown this once; store it now.

           {token}

         Use it as a bearer token:  curl -H "Authorization: Bearer $FLEET_TOKEN" ...
         Then make named tokens per person or system (POST /api/v1/tokens) and revoke
         this one (DELETE /api/v1/tokens/{"{id}"}).
        ==================================================================================

        """);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Bootstrapping the first admin token failed; retrying")]
    private static partial void LogBootstrapFailed(ILogger logger, Exception exception);
}
