namespace Fleet.Engine.Diff;

/// <summary>
/// One field where the live object does not match what Git declares.
/// </summary>
/// <param name="Path">
/// Where the field sits, written like <c>.spec.template.spec.containers[name=web].image</c>; <c>.</c> means the whole
/// object. Map keys that are not plain identifiers are quoted: <c>.metadata.labels["app.kubernetes.io/name"]</c>.
/// </param>
/// <param name="Desired">The value Git declares as compact JSON, or null when Git does not declare the field.</param>
/// <param name="Live">The value in the cluster as compact JSON, or null when the cluster does not have it.</param>
public sealed record FieldDifference(string Path, string? Desired, string? Live);
