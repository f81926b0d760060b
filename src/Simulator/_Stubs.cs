// TEMPORARY: contract stubs for parts written in parallel (FieldManagement, Discovery, Tables, Admission,
// Controllers). Deleted when those parts are merged.
using System.Text.Json.Nodes;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.FieldManagement
{
    public sealed class MergeSchema { public static MergeSchema For(ResourceType type) => new(); }
    public sealed record FieldConflict(string Manager, string Operation, string? ApiVersion, string? Subresource, string Path);
    public sealed record ApplyOutcome(JsonObject? Object, IReadOnlyList<FieldConflict> Conflicts) { public bool Succeeded => Conflicts.Count == 0; }
    public static class FieldManager
    {
        public static ApplyOutcome Apply(JsonObject? live, JsonObject applied, string manager, bool force, MergeSchema schema, string apiVersion, DateTimeOffset now, string? subresource = null)
        {
            var result = (JsonObject)(live?.DeepClone() ?? new JsonObject());
            foreach (var (k, v) in applied) { result[k] = v?.DeepClone(); }
            return new ApplyOutcome(result, []);
        }
        public static JsonObject Update(JsonObject? live, JsonObject updated, string manager, MergeSchema schema, string apiVersion, DateTimeOffset now, string? subresource = null) => (JsonObject)updated.DeepClone();
        public static string FormatConflictMessage(IReadOnlyList<FieldConflict> conflicts) => "conflict";
    }
}

namespace Fleet.Simulator.Discovery
{
    public static class DiscoveryDocuments
    {
        public const string AggregatedContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
        public static bool WantsAggregated(string? acceptHeader) => false;
        public static JsonObject Version() => new() { ["major"] = "1", ["minor"] = "32", ["gitVersion"] = "v1.32.0" };
        public static JsonObject CoreVersions(string serverAddress) => new();
        public static JsonObject GroupList(ResourceTypeRegistry types) => new();
        public static JsonObject? Group(ResourceTypeRegistry types, string group) => null;
        public static JsonObject? ResourceList(ResourceTypeRegistry types, string group, string version) => null;
        public static JsonObject AggregatedCore(ResourceTypeRegistry types) => new();
        public static JsonObject AggregatedGroups(ResourceTypeRegistry types) => new();
    }
    public static class OpenApiDocuments
    {
        public static JsonObject Index(ResourceTypeRegistry types, string pathPrefix) => new();
        public static JsonObject? GroupVersion(ResourceTypeRegistry types, string group, string version) => null;
    }
}

namespace Fleet.Simulator.Tables
{
    public enum TableObjectMode { None, Metadata, Object }
    public static class TableConverter
    {
        public static bool WantsTable(string? acceptHeader) => false;
        public static JsonObject ToTable(ResourceType type, IEnumerable<JsonObject> objects, string resourceVersion, TableObjectMode mode, bool includeColumnDefinitions, DateTimeOffset now) => new();
    }
}

namespace Fleet.Simulator.Admission
{
    public sealed record FieldError(string Reason, string Field, string Message);
    public static class Validator
    {
        public static IReadOnlyList<FieldError> Validate(ResourceType type, JsonObject obj) => [];
        public static string FormatInvalidMessage(ResourceType type, string name, IReadOnlyList<FieldError> errors) => "invalid";
    }
    public static class Defaulter { public static void Apply(ResourceType type, JsonObject obj) { } }
}

namespace Fleet.Simulator.Controllers
{
    public sealed class ControllerOptions
    {
        public TimeSpan ReplicaReadyDelay { get; set; } = TimeSpan.FromMilliseconds(200);
        public TimeSpan JobDuration { get; set; } = TimeSpan.FromMilliseconds(500);
        public TimeSpan VolumeBindDelay { get; set; } = TimeSpan.FromMilliseconds(200);
        public TimeSpan LoadBalancerDelay { get; set; } = TimeSpan.FromMilliseconds(200);
    }
    public sealed record ControllerStep(JsonObject? Status, TimeSpan? RequeueAfter);
    public interface IController { bool Handles(ResourceType type); ControllerStep Reconcile(JsonObject obj, DateTimeOffset now, ControllerOptions options); }
    public static class Controllers
    {
        public static IReadOnlyList<IController> All { get; } = [];
        public static IController? For(ResourceType type) => null;
    }
    public static class CustomResourceTypes { public static IReadOnlyList<ResourceType> FromDefinition(JsonObject crd) => []; }
}
