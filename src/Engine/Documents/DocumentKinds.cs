namespace Fleet.Engine.Documents;

/// <summary>A kind of Fleet object that has a document form: the collection its PUT lives under, and when it is applied.</summary>
/// <param name="Kind">The document's <c>kind</c> (<c>Application</c>).</param>
/// <param name="Collection">The API collection (<c>applications</c> in <c>/api/v1/applications/{name}</c>).</param>
/// <param name="ApplyOrder">Lower first: what others name (projects, repositories, clusters) exists before they do.</param>
/// <param name="SecretFields">Fields of the PUT body that hold a secret: a document names them by reference instead
/// (<c>passwordFrom: {secret: NAME, key: KEY}</c> or <c>{env: VARIABLE}</c>), so that no secret is kept in Git.</param>
public sealed record DocumentKind(string Kind, string Collection, int ApplyOrder, IReadOnlyList<string>? SecretFields = null)
{
    /// <summary>The secret fields; empty for a kind that has none.</summary>
    public IReadOnlyList<string> Secrets => SecretFields ?? [];

    /// <summary>The field that carries a reference to the secret field <paramref name="field"/> (<c>passwordFrom</c>).</summary>
    public static string ReferenceField(string field) => field + "From";
}

/// <summary>
/// The Fleet objects that can be written as <c>apiVersion: fleet.dev/v1</c> documents, whose <c>spec</c> is exactly
/// the body of the object's PUT. One table for the API, which unwraps documents, and the CLI, which applies them.
/// </summary>
public static class DocumentKinds
{
    /// <summary>The apiVersion of every Fleet document.</summary>
    public const string ApiVersion = "fleet.dev/v1";

    /// <summary>Every kind, in the order <c>fleet apply</c> applies them: what others name (projects, repositories, clusters) goes first.</summary>
    public static IReadOnlyList<DocumentKind> All { get; } =
    [
        new("Project", "projects", 0),
        new("Repository", "repositories", 1, ["password", "webhookSecret"]),
        new("Cluster", "clusters", 2, ["token", "clientKeyData"]),
        // A sink's URL is a secret too: a Slack webhook URL is its own credential.
        new("NotificationSink", "notifications", 3, ["url", "secret"]),
        new("ImageRepository", "imagerepositories", 4, ["password"]),
        new("ImagePolicy", "imagepolicies", 5),
        new("ImageUpdate", "imageupdates", 6),
        new("Application", "applications", 7),
    ];

    /// <summary>The kind whose objects live under <paramref name="collection"/>, or null.</summary>
    public static DocumentKind? OfCollection(string collection) =>
        All.FirstOrDefault(kind => kind.Collection.Equals(collection, StringComparison.Ordinal));

    /// <summary>The kind named <paramref name="kind"/> (as documents spell it), or null.</summary>
    public static DocumentKind? Named(string kind) => All.FirstOrDefault(k => k.Kind.Equals(kind, StringComparison.Ordinal));
}
