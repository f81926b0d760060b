namespace Fleet.Grains.Rendering;

/// <summary>One rendered Kubernetes object, ready to diff and apply.</summary>
/// <param name="ApiVersion">The object's apiVersion (<c>apps/v1</c>, <c>v1</c>).</param>
/// <param name="Kind">The object's kind.</param>
/// <param name="Namespace">metadata.namespace when the manifest sets it, otherwise null.</param>
/// <param name="Name">metadata.name.</param>
/// <param name="Json">Compact JSON of the whole object with the cluster variables substituted.</param>
/// <param name="SourceFile">The file it came from, relative to the repository root with <c>/</c> separators
/// (for a Kustomize render, the kustomization file).</param>
/// <param name="Line">The line of <paramref name="SourceFile"/> where its document starts, when the file itself was read (not for a Kustomize or Helm render).</param>
public sealed record RenderedManifest(string ApiVersion, string Kind, string? Namespace, string Name, string Json, string SourceFile, int? Line = null);
