using Fleet.Agent.Credentials;
using Fleet.Agent.Hub;
using Microsoft.Extensions.Logging;

namespace Fleet.Agent;

/// <summary>
/// The agent's connection loop: find its credential (in the cluster's Secret, else by trading the bootstrap token),
/// call in on the interval the control plane asks for, renew the credential when it is due, and ride out a control
/// plane that is away (retrying with backoff) without giving anything up.
/// </summary>
public sealed partial class AgentRunner(HubClient hub, CredentialStore store, string? bootstrapToken, TimeProvider time, ILogger<AgentRunner> logger)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // A credential the control plane refused is never tried again, even though the Secret may still hold it.
    private string? _refused;

    /// <summary>Completes when the control plane first accepted a heartbeat.</summary>
    public Task Connected => _connected.Task;

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        StoredCredential? credential = null;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                credential ??= await CredentialAsync(cancellationToken);
                if (credential is null)
                {
                    wait = LastRetry;
                }
                else
                {
                    if (credential.RenewalDue(time.GetUtcNow()))
                    {
                        credential = await RenewAsync(credential, cancellationToken);
                    }
                    if (await hub.HeartbeatAsync(credential.Credential, cancellationToken) is { } interval)
                    {
                        _connected.TrySetResult();
                        failures = 0;
                        wait = interval;
                    }
                    else
                    {
                        LogCredentialRefused(logger);
                        _refused = credential.Credential;
                        credential = null;
                        wait = FirstRetry;
                    }
                }
            }
            catch (HttpRequestException e)
            {
                // The control plane is away: the cluster keeps running; the agent calls again, less often each time.
                LogHubUnreachable(logger, e.Message);
                wait = TimeSpan.FromTicks(Math.Min(LastRetry.Ticks, FirstRetry.Ticks << Math.Min(failures++, 5)));
            }
            await Task.Delay(wait, time, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    // The Secret's credential while it works; otherwise the bootstrap token's trade, written to the Secret first.
    private async Task<StoredCredential?> CredentialAsync(CancellationToken cancellationToken)
    {
        if (await store.LoadAsync(cancellationToken) is { } stored && stored.Credential != _refused && stored.ExpiresAt > time.GetUtcNow())
        {
            return stored;
        }
        if (bootstrapToken is null)
        {
            LogNoCredential(logger);
            return null;
        }
        if (await hub.ExchangeAsync(bootstrapToken, cancellationToken) is not { } issued)
        {
            LogBootstrapRefused(logger);
            return null;
        }
        await store.SaveAsync(issued, cancellationToken);
        LogCredentialIssued(logger, issued.ExpiresAt);
        return issued;
    }

    // The new credential is kept before it is used: until its first use the control plane still takes the old one.
    private async Task<StoredCredential> RenewAsync(StoredCredential current, CancellationToken cancellationToken)
    {
        if (await hub.ExchangeAsync(current.Credential, cancellationToken) is not { } renewed)
        {
            return current;
        }
        await store.SaveAsync(renewed, cancellationToken);
        LogCredentialIssued(logger, renewed.ExpiresAt);
        return renewed;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "The control plane issued a credential valid until {ExpiresAt:u}; it is kept in the cluster")]
    private static partial void LogCredentialIssued(ILogger logger, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The control plane is unreachable ({Message}); the agent retries")]
    private static partial void LogHubUnreachable(ILogger logger, string message);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "The control plane refused the agent's credential (revoked, or the cluster was deleted); trying the bootstrap token if one is set")]
    private static partial void LogCredentialRefused(ILogger logger);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "The control plane refused the bootstrap token (used, expired or another cluster's); issue a new one with POST /api/v1/clusters/{{name}}/bootstrap-token")]
    private static partial void LogBootstrapRefused(ILogger logger);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "The agent holds no credential and was given no bootstrap token (--token or FLEET_TOKEN)")]
    private static partial void LogNoCredential(ILogger logger);
}
