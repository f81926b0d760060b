namespace Fleet.Grains.Interfaces.Documents;

/// <summary>
/// Where a secret field's value is read from instead of being written in a document: a key of a Kubernetes Secret in
/// the control plane's own namespace, or an environment variable of the silo. Exactly one of the two is set.
/// </summary>
[GenerateSerializer, Immutable, Alias("fleet.SecretReference")]
public sealed record SecretReference
{
    /// <summary>The Secret's name (with <see cref="Key"/>).</summary>
    [Id(0)] public string? Secret { get; init; }

    /// <summary>The key in the Secret's data.</summary>
    [Id(1)] public string? Key { get; init; }

    /// <summary>An environment variable of the silo that resolves the reference.</summary>
    [Id(2)] public string? Env { get; init; }

    /// <summary>How a person names the reference in a message: never the value.</summary>
    public string Describe() => Env is { } env ? $"environment variable {env}" : $"key \"{Key}\" of Secret \"{Secret}\"";
}

/// <summary>A resolved reference: the value, or why it could not be read.</summary>
[GenerateSerializer, Immutable, Alias("fleet.SecretResolution")]
public sealed record SecretResolution
{
    /// <summary>The secret's value; null when <see cref="Problem"/> says why not.</summary>
    [Id(0)] public string? Value { get; init; }

    /// <summary>A sentence a person can act on: which Secret, key or variable, in which namespace, and what is wrong.</summary>
    [Id(1)] public string? Problem { get; init; }
}

/// <summary>
/// Reads secret references on the silo, where the control plane's Kubernetes credentials and environment are. A
/// stateless worker: any silo answers, and the value is never stored by it.
/// </summary>
public interface ISecretResolverGrain : IGrainWithIntegerKey
{
    /// <summary>The value <paramref name="reference"/> points at, or the problem reading it.</summary>
    Task<SecretResolution> ResolveAsync(SecretReference reference);
}

/// <summary>What Fleet keeps about an object beside its spec: who owns it and the secret references it was written with.</summary>
[GenerateSerializer, Immutable, Alias("fleet.DocumentMetadata")]
public sealed record DocumentMetadata
{
    /// <summary>The application (with a control-plane destination) whose Git path declares the object; null when made by hand.</summary>
    [Id(0)] public string? Owner { get; init; }

    /// <summary>The secret references it was last written with, by reference field (<c>passwordFrom</c>).</summary>
    [Id(1)] public IReadOnlyDictionary<string, SecretReference> SecretReferences { get; init; } = new Dictionary<string, SecretReference>();
}

/// <summary>
/// What Fleet keeps beside one object's spec (key: <c>{collection}/{name}</c>, such as <c>repositories/demo</c>): its
/// owner, so that an app of apps neither takes over what it did not create nor prunes it, and its secret references,
/// so that <c>fleet get</c> prints them back and a document round-trips. Secret values live encrypted with the object.
/// </summary>
public interface IDocumentMetadataGrain : IGrainWithStringKey
{
    /// <summary>Replaces the secret references (an empty map forgets them).</summary>
    Task SetSecretReferencesAsync(IReadOnlyDictionary<string, SecretReference> references);

    /// <summary>Sets or clears (null) the owner.</summary>
    Task SetOwnerAsync(string? owner);

    /// <summary>The object's metadata; empty when nothing was recorded.</summary>
    Task<DocumentMetadata> GetAsync();
}
