using Fleet.Grains.Clusters;
using Fleet.Grains.Interfaces.Clusters;
using Microsoft.Extensions.Logging;

namespace Fleet.Grains.Tests.Clusters;

public sealed class ClusterLogTests
{
    [Fact]
    public void ConnectivityChanged_ConnectedWithVersion_NamesTheServerVersion()
    {
        var logger = new RecordingLogger();

        ClusterLog.ConnectivityChanged(logger, "dev", Connectivity.Connected, "v1.32.4", message: null);

        Assert.Equal("Cluster dev is Connected (server v1.32.4)", Assert.Single(logger.Lines));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void ConnectivityChanged_ConnectedWithoutVersion_EndsAtConnected(string? version)
    {
        var logger = new RecordingLogger();

        ClusterLog.ConnectivityChanged(logger, "dev", Connectivity.Connected, version, message: null);

        Assert.Equal("Cluster dev is Connected", Assert.Single(logger.Lines));
    }

    [Fact]
    public void ConnectivityChanged_Unreachable_GivesTheMessage()
    {
        var logger = new RecordingLogger();

        ClusterLog.ConnectivityChanged(logger, "prod", Connectivity.Unreachable, "v1.32.4", "connection refused");

        Assert.Equal("Cluster prod is Unreachable: connection refused", Assert.Single(logger.Lines));
    }

    [Fact]
    public void ConnectivityChanged_UnreachableWithoutMessage_PrintsNoNull()
    {
        var logger = new RecordingLogger();

        ClusterLog.ConnectivityChanged(logger, "prod", Connectivity.Unreachable, serverVersion: null, message: null);

        Assert.Equal("Cluster prod is Unreachable", Assert.Single(logger.Lines));
    }

    /// <summary>Keeps every formatted line, as a console sink would print it.</summary>
    private sealed class RecordingLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
