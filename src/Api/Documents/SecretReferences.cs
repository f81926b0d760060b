using System.Text.Json.Nodes;
using Fleet.Engine.Documents;
using Fleet.Grains.Interfaces.Documents;
using Fleet.Kubernetes.Names;

namespace Fleet.Api.Documents;

/// <summary>
/// Replaces the secret references of a PUT body (<c>passwordFrom: {secret: NAME, key: KEY}</c> or
/// <c>{env: VARIABLE}</c>) with the values they point at, read on the silo when the object is written. The endpoint
/// then stores the value encrypted as if it had been sent inline, so grains never see a reference; the references
/// themselves are kept beside the object (<see cref="IDocumentMetadataGrain"/>) for <c>fleet get</c> to print back.
/// A Secret that changes later is read again the next time the object is written (<c>fleet apply</c>, the app of apps).
/// </summary>
public static class SecretReferences
{
    /// <summary>
    /// The prefix of the environment variables a reference may name. Without it, whoever may write a repository could
    /// have the silo send any of its variables (its admin token, cloud credentials) as a password to a server they run.
    /// </summary>
    public const string EnvironmentPrefix = "FLEET_SECRET_";

    /// <summary>The outcome: the references found (by reference field), or the field that is wrong and why.</summary>
    public sealed record Outcome(IReadOnlyDictionary<string, SecretReference> References, string? Field, string? Error);

    /// <summary>Resolves the references in <paramref name="body"/>, a PUT body of <paramref name="kind"/>, in place.</summary>
    public static async Task<Outcome> ResolveAsync(DocumentKind kind, JsonObject body, IGrainFactory grains)
    {
        var found = new Dictionary<string, SecretReference>(StringComparer.Ordinal);
        foreach (var field in kind.Secrets)
        {
            var referenceField = DocumentKind.ReferenceField(field);
            if (!body.ContainsKey(referenceField))
            {
                continue;
            }
            if (body[field] is not null)
            {
                return new Outcome(found, referenceField, $"names where {field} comes from, so {field} must not be set too");
            }
            var (reference, problem) = Parse(body[referenceField]);
            if (reference is null)
            {
                return new Outcome(found, referenceField, problem!);
            }
            var resolution = await grains.GetGrain<ISecretResolverGrain>(0).ResolveAsync(reference);
            if (resolution.Value is null)
            {
                return new Outcome(found, referenceField, resolution.Problem!);
            }
            body.Remove(referenceField);
            body[field] = resolution.Value;
            found[referenceField] = reference;
        }
        return new Outcome(found, null, null);
    }

    /// <summary>A reference as a document writes it.</summary>
    public static JsonObject ToJson(SecretReference reference) => reference.Env is { } env
        ? new JsonObject { ["env"] = env }
        : new JsonObject { ["secret"] = reference.Secret, ["key"] = reference.Key };

    private static (SecretReference? Reference, string? Problem) Parse(JsonNode? node)
    {
        const string Shape = "must be {secret: NAME, key: KEY} (a Secret in the control plane's namespace) or {env: VARIABLE}";
        if (node is not JsonObject fields || fields.Any(f => f.Key is not ("secret" or "key" or "env")))
        {
            return (null, Shape);
        }
        var secret = Text(fields["secret"]);
        var key = Text(fields["key"]);
        var env = Text(fields["env"]);
        if (env is not null)
        {
            if (secret is not null || key is not null)
            {
                return (null, Shape);
            }
            return EnvironmentName(env) && env.StartsWith(EnvironmentPrefix, StringComparison.Ordinal)
                ? (new SecretReference { Env = env }, null)
                : (null, $"env \"{env}\" is not a variable documents may name: {EnvironmentPrefix} followed by letters, digits and _");
        }
        if (secret is null || key is null)
        {
            return (null, Shape);
        }
        if (!NameRules.IsDns1123Subdomain(secret))
        {
            return (null, $"secret \"{secret}\" is not a Secret name (lower case letters, digits, - and ., at most 253)");
        }
        return key.Length is > 0 and <= 253 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? (new SecretReference { Secret = secret, Key = key }, null)
            : (null, $"key \"{key}\" is not a key of a Secret's data (letters, digits, -, _ and .)");
    }

    private static bool EnvironmentName(string name) =>
        name.Length is > 0 and <= 256 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
