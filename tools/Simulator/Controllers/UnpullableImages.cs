using System.Text.Json.Nodes;
using Fleet.Simulator.Admission;

namespace Fleet.Simulator.Controllers;

/// <summary>
/// The simulator's documented image-pull failure. An image whose registry host is <c>unpullable.invalid</c>
/// (such as <c>unpullable.invalid/web:1.0</c>) or whose tag is <c>unpullable</c> (such as <c>nginx:unpullable</c>)
/// can never be pulled: its pods stay Pending in <c>ImagePullBackOff</c> and never become ready, so rollouts stall.
/// </summary>
public static class UnpullableImages
{
    /// <summary>The registry host that never serves images.</summary>
    public const string Host = "unpullable.invalid";

    /// <summary>The tag that never resolves.</summary>
    public const string Tag = "unpullable";

    /// <summary>True when <paramref name="image"/> can never be pulled.</summary>
    public static bool IsUnpullable(string? image) =>
        image is not null && (ImageReference.Host(image) == Host || ImageReference.Tag(image) == Tag);

    /// <summary>The images of a pod spec's containers and init containers that can never be pulled.</summary>
    public static IEnumerable<string> In(JsonObject? podSpec) =>
        new[] { "initContainers", "containers" }
            .SelectMany(list => Json.Objects(Json.Array(podSpec, list)))
            .Select(c => Json.String(c, "image"))
            .Where(IsUnpullable)
            .Select(i => i!);

    /// <summary>True when any container of the pod spec can never be pulled.</summary>
    public static bool Any(JsonObject? podSpec) => In(podSpec).Any();
}
