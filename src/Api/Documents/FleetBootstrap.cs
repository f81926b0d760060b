using Fleet.Engine.Documents;
using Fleet.Grains.Interfaces.ControlPlane;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Api.Documents;

/// <summary>
/// <c>Fleet:Bootstrap</c>: a Git repository and path whose <c>fleet.dev/v1</c> documents the control plane builds
/// itself from. Set, the silo registers the repository and the app of apps at every start (the same PUTs as
/// <c>fleet bootstrap</c>; writing them again is harmless).
/// </summary>
public sealed class BootstrapOptions
{
    /// <summary>The repository's URL; unset, nothing is bootstrapped.</summary>
    public string? Repository { get; set; }

    /// <summary>The folder of the documents in the repository.</summary>
    public string Path { get; set; } = "fleet";

    /// <summary>The branch to follow.</summary>
    public string? Branch { get; set; }

    /// <summary>The name of the repository and of the app of apps.</summary>
    public string Name { get; set; } = BootstrapDocuments.DefaultName;
}

/// <summary>Writes the <see cref="BootstrapOptions"/> repository and app of apps once the silo has started.</summary>
public sealed partial class FleetBootstrap(
    IOptions<BootstrapOptions> options,
    IFleetDocumentWriter writer,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<FleetBootstrap> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    // Who the audit log names for what the bootstrap setting registers.
    private const string Author = "bootstrap";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.Repository))
        {
            return;
        }
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var repository = await writer.PutAsync(Author, "repositories", settings.Name,
                    BootstrapDocuments.Repository(settings.Repository, settings.Branch).ToJsonString(), stoppingToken);
                var application = repository.Succeeded
                    ? await writer.PutAsync(Author, "applications", settings.Name, BootstrapDocuments.Application(settings.Name, settings.Path).ToJsonString(), stoppingToken)
                    : repository;
                if (application.Succeeded)
                {
                    LogBootstrapped(logger, settings.Name, settings.Path);
                }
                else
                {
                    // A refused setting stays refused: say why once rather than retry.
                    LogBootstrapRefused(logger, application.Status, string.Join("; ", application.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
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

    [LoggerMessage(EventId = 1310, Level = LogLevel.Information, Message = "Bootstrapped the control plane from Git: application {Name}, path {Path}")]
    private static partial void LogBootstrapped(ILogger logger, string name, string path);

    [LoggerMessage(EventId = 1311, Level = LogLevel.Error, Message = "Fleet:Bootstrap was refused ({Status}): {Problems}")]
    private static partial void LogBootstrapRefused(ILogger logger, int status, string problems);

    [LoggerMessage(EventId = 1312, Level = LogLevel.Warning, Message = "Bootstrapping the control plane from Git failed; retrying")]
    private static partial void LogBootstrapFailed(ILogger logger, Exception exception);
}
