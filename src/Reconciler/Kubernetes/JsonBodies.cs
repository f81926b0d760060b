using System.Text.Json.Nodes;
using System.Text.Json;

namespace Fleet.Reconciler.Kubernetes;

/// <summary>Parses answers that must be JSON objects.</summary>
internal static class JsonBodies
{
    public static JsonObject ParseObject(byte[] body, string clusterName, string operation)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject obj)
            {
                return obj;
            }
        }
        catch (JsonException)
        {
            // Reported below with the same message as any other non-object answer.
        }
        throw new ClusterUnreachableException(UnreachableReason.ServerError,
            $"Cluster \"{clusterName}\" answered {operation} with something that is not a JSON object: " +
            "check that the cluster's server URL points at a Kubernetes API server.");
    }
}
