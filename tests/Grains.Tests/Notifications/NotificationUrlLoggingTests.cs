using System.Collections.Concurrent;
using System.Net;
using Fleet.Grains.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fleet.Grains.Tests.Notifications;

/// <summary>A notification URL is a secret (Slack's carries the token): delivering to it never writes it to a log.</summary>
public sealed class NotificationUrlLoggingTests
{
    private const string Url = "https://hooks.slack.com/services/T000/B000/s3cr3t-token-in-url";

    [Fact]
    public async Task Delivery_WithEveryLogLevelOn_DoesNotLogTheUrl()
    {
        var provider = new CapturingProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(provider));
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddFleetNotifications();
        services.AddHttpClient(NotificationSinkGrain.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new Answering());
        await using var built = services.BuildServiceProvider();
        var client = built.GetRequiredService<IHttpClientFactory>().CreateClient(NotificationSinkGrain.HttpClientName);

        using var response = await client.PostAsync(Url, new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Every level is captured: without the filter the client factory's handlers write the URL at Information.
        Assert.DoesNotContain(provider.Messages, m => m.Contains("s3cr3t-token-in-url", StringComparison.Ordinal));
        Assert.DoesNotContain(provider.Messages, m => m.Contains("hooks.slack.com", StringComparison.Ordinal));
    }

    private sealed class Answering : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
    }

    private sealed class CapturingProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Capturing(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Capturing(CapturingProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Messages.Enqueue($"{category}: {formatter(state, exception)}");
        }
    }
}
