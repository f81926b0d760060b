using Fleet.Grains.Interfaces.Clusters;
using Microsoft.Extensions.Logging;

namespace Fleet.Grains.Clusters;

/// <summary>
/// A cluster's log lines. A change of connectivity reads differently by outcome: a connected cluster has a server
/// version (when its API server reported one) and no message, an unreachable one has a message, so one template
/// with both would print "(null)" for the part that is missing.
/// </summary>
internal static partial class ClusterLog
{
    public static void ConnectivityChanged(ILogger logger, string cluster, Connectivity connectivity, string? serverVersion, string? message)
    {
        if (connectivity == Connectivity.Connected)
        {
            if (string.IsNullOrEmpty(serverVersion))
            {
                Connected(logger, cluster);
            }
            else
            {
                ConnectedToVersion(logger, cluster, serverVersion);
            }
            return;
        }
        if (string.IsNullOrEmpty(message))
        {
            NotConnected(logger, cluster, connectivity);
        }
        else
        {
            NotConnectedBecause(logger, cluster, connectivity, message);
        }
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Cluster {Cluster} is Connected (server {ServerVersion})")]
    private static partial void ConnectedToVersion(ILogger logger, string cluster, string serverVersion);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Cluster {Cluster} is Connected")]
    private static partial void Connected(ILogger logger, string cluster);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Cluster {Cluster} is {Connectivity}: {Message}")]
    private static partial void NotConnectedBecause(ILogger logger, string cluster, Connectivity connectivity, string message);

    [LoggerMessage(EventId = 203, Level = LogLevel.Information, Message = "Cluster {Cluster} is {Connectivity}")]
    private static partial void NotConnected(ILogger logger, string cluster, Connectivity connectivity);
}
