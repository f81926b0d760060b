// TEMPORARY: contract stubs for parts written in parallel (FieldManagement, Discovery, Tables, Admission,
// Controllers). Deleted when those parts are merged.
using System.Text.Json.Nodes;
using Fleet.Simulator.Model;

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
