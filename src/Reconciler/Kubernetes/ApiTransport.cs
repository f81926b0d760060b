using System.Globalization;
using System.Net.Http.Headers;
using System.Net;
using System.Security.Authentication;
using Fleet.Reconciler.Scheduling;
using Polly;

namespace Fleet.Reconciler.Kubernetes;

/// <summary>One request to the API server, relative to the cluster's base URL.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">Path and query without a leading slash (<c>api/v1/namespaces/x/configmaps?limit=500</c>).</param>
/// <param name="Operation">What the request does, for error messages (<c>apply Deployment "web" in namespace "shop"</c>).</param>
internal sealed record ApiRequest(HttpMethod Method, string Path, string Operation)
{
    /// <summary>The body (JSON), or null.</summary>
    public byte[]? Body { get; init; }

    /// <summary>The body's media type.</summary>
    public string? ContentType { get; init; }

    /// <summary>A 404 is an answer the caller handles (get, delete), not a failure.</summary>
    public bool NotFoundIsAnswer { get; init; }
}

/// <summary>A complete answer: its status code and body.</summary>
internal sealed record ApiAnswer(int Code, byte[] Body);

/// <summary>
/// Sends requests to one cluster: waits for the cluster's rate limiter, puts the request timeout on every attempt,
/// retries what may pass (connection errors, timeouts, 500/502/503/504, 429 after its Retry-After) through the
/// connection's retry pipeline (<see cref="ApiRetries"/>), and turns failures into
/// <see cref="ClusterUnreachableException"/> or <see cref="KubernetesApiException"/>.
/// Requests go through KubernetesClient's HttpClient (TLS) and credentials (token).
/// </summary>
internal sealed class ApiTransport : IDisposable
{
    private readonly string _clusterName;
    private readonly ClusterEndpoint _endpoint;
    private readonly ClusterConnectionOptions _options;
    private readonly ClusterRateLimiter _limiter;
    private readonly ResiliencePipeline<ApiAnswer> _answerRetries;
    private readonly ResiliencePipeline<HttpResponseMessage> _streamRetries;
    private readonly TimeProvider _time;
    private k8s.Kubernetes _client;
    private long _requestCount;
    private long _lastAnswerTicks;
    private long _connectionsReplaced;

    public ApiTransport(string clusterName, ClusterEndpoint endpoint, ClusterConnectionOptions options, TimeProvider time)
    {
        _clusterName = clusterName;
        _endpoint = endpoint;
        _options = options;
        _client = KubernetesClientSetup.Create(clusterName, endpoint);
        _limiter = new ClusterRateLimiter(options.QueriesPerSecond, options.Burst);
        _answerRetries = ApiRetries.Build<ApiAnswer>(options, time);
        _streamRetries = ApiRetries.Build<HttpResponseMessage>(options, time);
        _time = time;
    }

    public string ClusterName => _clusterName;

    public long RequestCount => Interlocked.Read(ref _requestCount);

    /// <summary>How many times a connection that went silent was given up for a new one.</summary>
    public long ConnectionsReplaced => Interlocked.Read(ref _connectionsReplaced);

    /// <summary>When the API server last answered with success or a plain refusal (404, 409, 422), or sent a watch line; null before that.</summary>
    public DateTimeOffset? LastAnswerAt => Interlocked.Read(ref _lastAnswerTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Records that the API server just answered.</summary>
    public void Answered() => Interlocked.Exchange(ref _lastAnswerTicks, _time.GetUtcNow().UtcTicks);

    /// <summary>Sends a request and reads the whole answer (2xx, or 404 when the request takes it as an answer).</summary>
    public Task<ApiAnswer> SendAsync(ApiRequest request, CancellationToken ct) =>
        SendWithRetriesAsync(_answerRetries, request, static async (response, token) =>
        {
            using (response)
            {
                return new ApiAnswer((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(token));
            }
        }, ct);

    /// <summary>
    /// Sends a request and returns once the response headers arrived (the timeout covers only that part): for watch
    /// streams. The caller disposes the response.
    /// </summary>
    public Task<HttpResponseMessage> OpenStreamAsync(ApiRequest request, CancellationToken ct) =>
        SendWithRetriesAsync(_streamRetries, request, static (response, _) => Task.FromResult(response), ct);

    public void Dispose()
    {
        _limiter.Dispose();
        Volatile.Read(ref _client).Dispose();
    }

    private async Task<T> SendWithRetriesAsync<T>(
        ResiliencePipeline<T> retries, ApiRequest request, Func<HttpResponseMessage, CancellationToken, Task<T>> accept, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        try
        {
            var outcome = await retries.ExecuteOutcomeAsync(
                static (context, state) => state.Transport.TryOnceAsync(state.Request, state.Accept, context.CancellationToken),
                context, (Transport: this, Request: request, Accept: accept));
            if (outcome.Exception is ApiAttemptFailure failure)
            {
                throw Unreachable(request, failure, ApiRetries.AttemptsMade(context));
            }
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    // One attempt. Returns the accepted result, or a failure that may be retried; throws what retrying cannot fix.
    private async ValueTask<Outcome<T>> TryOnceAsync<T>(ApiRequest request, Func<HttpResponseMessage, CancellationToken, Task<T>> accept, CancellationToken ct)
    {
        await _limiter.AcquireAsync(ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_options.RequestTimeout);
        var client = Volatile.Read(ref _client);
        var started = _time.GetUtcNow();
        try
        {
            using var message = await BuildMessageAsync(client, request, deadline.Token);
            Interlocked.Increment(ref _requestCount);
            var response = await client.HttpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var code = (int)response.StatusCode;
            // Answers that show the server up and Fleet's credentials accepted (not 401/403, throttling or 5xx).
            if (response.IsSuccessStatusCode || code is 404 or 409 or 422)
            {
                Answered();
            }
            if (response.IsSuccessStatusCode || (code == 404 && request.NotFoundIsAnswer))
            {
                return Outcome.FromResult(await accept(response, deadline.Token));
            }
            using (response)
            {
                var body = await response.Content.ReadAsByteArrayAsync(deadline.Token);
                return Outcome.FromException<T>(Classify(request, code, body, response.Headers.RetryAfter));
            }
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            ReplaceIfSilent(client, started);
            var timeout = _options.RequestTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            return Outcome.FromException<T>(new ApiAttemptFailure(UnreachableReason.Timeout, $"no answer within {timeout}s", e));
        }
        catch (HttpRequestException e) when (e.InnerException is AuthenticationException)
        {
            // A certificate the connection does not trust will not become trusted by retrying.
            return Outcome.FromException<T>(new ApiAttemptFailure(UnreachableReason.ConnectionFailed,
                $"the TLS handshake failed ({e.InnerException.Message}); check the cluster's CertificateAuthorityData", e) { Retryable = false });
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return Outcome.FromException<T>(new ApiAttemptFailure(UnreachableReason.ConnectionFailed, $"the connection failed ({e.Message})", e));
        }
        catch (ObjectDisposedException e) when (!ReferenceEquals(client, Volatile.Read(ref _client)))
        {
            // The attempt started on a connection that was given up meanwhile: the next attempt takes the new one.
            return Outcome.FromException<T>(new ApiAttemptFailure(UnreachableReason.ConnectionFailed, "the connection was replaced", e));
        }
    }

    // Requests and watches share one HTTP/2 connection, whose stream is reset on a timeout while the connection stays
    // in use. A connection that died without a word (a dropped route, a NAT that forgot it) would then fail every
    // request until TCP gives up, a quarter of an hour later: so when an attempt waited its whole timeout and nothing
    // answered on the connection meanwhile (watch lines count), the client and its connections are replaced. A slow
    // server that answers other requests keeps its connection. This stands in for HTTP/2 keep-alive pings, whose
    // per-client heartbeat timer would wake a silo thousands of times a minute on a large fleet.
    private void ReplaceIfSilent(k8s.Kubernetes used, DateTimeOffset started)
    {
        if ((LastAnswerAt is { } answered && answered >= started) || !ReferenceEquals(used, Volatile.Read(ref _client)))
        {
            return;
        }
        var fresh = KubernetesClientSetup.Create(_clusterName, _endpoint);
        if (ReferenceEquals(Interlocked.CompareExchange(ref _client, fresh, used), used))
        {
            Interlocked.Increment(ref _connectionsReplaced);
            used.Dispose();
        }
        else
        {
            fresh.Dispose();
        }
    }

    private static async Task<HttpRequestMessage> BuildMessageAsync(k8s.Kubernetes client, ApiRequest request, CancellationToken ct)
    {
        // HTTP/2 where the server offers it (TLS with ALPN, as every API server does): a cluster's watches and requests
        // then share one connection, where HTTP/1.1 holds a connection with its own buffers per open watch. Plain
        // http (kubectl proxy, a local simulator) stays on HTTP/1.1.
        var message = new HttpRequestMessage(request.Method, new Uri(client.BaseUri, request.Path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        // Headers go in as text: typed header values are formatted into text again on every send.
        message.Headers.TryAddWithoutValidation("Accept", "application/json");
        message.Headers.TryAddWithoutValidation("User-Agent", "fleet/1.0");
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType ?? "application/json");
        }
        if (client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(message, ct);
        }
        return message;
    }

    // A failure answer: retryable ones come back as a failure; the rest throw.
    private ApiAttemptFailure Classify(ApiRequest request, int code, byte[] body, RetryConditionHeaderValue? retryAfter)
    {
        var (reason, message) = ApiStatus.Read(code, body);
        switch (code)
        {
            case 429:
                return new ApiAttemptFailure(UnreachableReason.Throttled, $"the API server answered 429 {reason}: {message}")
                {
                    RetryAfter = RetryAfterDelay(retryAfter),
                };
            case 500 or 502 or 503 or 504:
                return new ApiAttemptFailure(UnreachableReason.ServerError, $"the API server answered {code} {reason}: {message}")
                {
                    RetryAfter = RetryAfterDelay(retryAfter),
                };
            case 401:
                throw new ClusterUnreachableException(UnreachableReason.Unauthorized,
                    $"Cluster \"{_clusterName}\" rejected Fleet's credentials (401 Unauthorized) for {request.Operation}: " +
                    "register a valid token or client certificate for this cluster.");
            case 403 when !ApiStatus.IsNamespaceTerminating(body):
                throw new KubernetesApiException(code, reason,
                    $"{request.Operation} on cluster \"{_clusterName}\" was forbidden: {message} " +
                    "(the cluster rejected Fleet's credentials for this request: grant Fleet's user the permission through RBAC).");
            default:
                throw new KubernetesApiException(code, reason, $"{request.Operation} on cluster \"{_clusterName}\" failed: {message}");
        }
    }

    private TimeSpan? RetryAfterDelay(RetryConditionHeaderValue? header) =>
        header?.Delta ?? (header?.Date is { } date ? date - _time.GetUtcNow() : null);

    private ClusterUnreachableException Unreachable(ApiRequest request, ApiAttemptFailure failure, int attempts) =>
        new(failure.Reason,
            $"Cluster \"{_clusterName}\" is unreachable ({failure.Reason}): {request.Operation} failed " +
            $"{(attempts == 1 ? "once" : $"{attempts} times")}; last: {failure.Detail}.",
            failure.InnerException);
}
