using System.Text.Json;

namespace Fleet.Api.Webhooks;

/// <summary>Reads the parts of GitHub, GitLab and generic push payloads that Fleet needs.</summary>
internal static class WebhookPayloads
{
    private const string BranchPrefix = "refs/heads/";

    /// <summary>GitHub push: repository.{clone_url,ssh_url,git_url,html_url} and ref.</summary>
    public static WebhookPush GitHub(JsonElement root) =>
        new(Strings(Property(root, "repository"), "clone_url", "ssh_url", "git_url", "html_url", "url"), Branch(String(root, "ref")));

    /// <summary>GitLab push: project.{git_http_url,git_ssh_url,web_url} (and the older repository.*), and ref.</summary>
    public static WebhookPush GitLab(JsonElement root) =>
        new([.. Strings(Property(root, "project"), "git_http_url", "git_ssh_url", "web_url", "http_url", "ssh_url"),
             .. Strings(Property(root, "repository"), "git_http_url", "git_ssh_url", "homepage", "url")],
            Branch(String(root, "ref")));

    /// <summary>Generic: {"url": "...", "branch": "..."}; without a branch every repository of the URL refreshes.</summary>
    public static WebhookPush Generic(JsonElement root)
    {
        var branch = String(root, "branch");
        return new(Strings(root, "url"), branch, AnyBranch: branch is null);
    }

    // A push to a tag or another ref names no branch: it matches no repository.
    private static string Branch(string? reference) =>
        reference is not null && reference.StartsWith(BranchPrefix, StringComparison.Ordinal) ? reference[BranchPrefix.Length..] : "";

    private static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static string? String(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static List<string> Strings(JsonElement element, params string[] names) =>
        names.Select(n => String(element, n)).OfType<string>().Where(s => s.Length > 0).ToList();
}
