using System.CommandLine;
using Fleet.Engine.Documents;

namespace Fleet.Cli.Commands;

/// <summary><c>fleet get KIND NAME</c>: the object as a <c>fleet.dev/v1</c> document (YAML, or JSON with <c>-o json</c>).</summary>
public static class GetCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build(CommandRunner runner)
    {
        var kind = new Argument<string>("kind") { Description = "application (app), project, repository (repo), cluster, notificationsink (sink), imagerepository, imagepolicy or imageupdate" };
        var name = new Argument<string>("name") { Description = "The object's name" };
        return runner.Command("get", "Print an object as a fleet.dev/v1 document that fleet apply takes back", async (c, ct) =>
        {
            var documentKind = KindNamed(c.Get(kind)!);
            var view = await c.Api.GetAsync(Api.ApiClient.Path("api/v1/" + documentKind.Collection, c.Get(name)!), ct);
            var references = await ApplyCommand.SecretReferencesAsync(c, documentKind, c.Get(name)!, ct);
            var document = DocumentViews.ToDocument(documentKind, c.Get(name)!, view, references)
                ?? throw CliException.Usage($"a {documentKind.Kind}'s document cannot be printed: its URL is a secret the server never shows (write it with urlFrom, a reference, and it prints back)");
            c.Printer.PrintDocument(document);
            return ExitCodes.Success;
        }, kind, name);
    }

    private static DocumentKind KindNamed(string text)
    {
        var wanted = text.ToLowerInvariant() switch
        {
            "app" or "apps" or "application" or "applications" => "Application",
            "project" or "projects" => "Project",
            "repo" or "repos" or "repository" or "repositories" => "Repository",
            "cluster" or "clusters" => "Cluster",
            "imagerepository" or "imagerepositories" => "ImageRepository",
            "imagepolicy" or "imagepolicies" => "ImagePolicy",
            "imageupdate" or "imageupdates" => "ImageUpdate",
            "notification" or "notifications" or "notificationsink" or "notificationsinks" or "sink" => "NotificationSink",
            _ => null,
        };
        return DocumentKinds.Named(wanted ?? "")
            ?? throw CliException.Usage($"kind \"{text}\": expected application, project, repository, cluster, notificationsink, imagerepository, imagepolicy or imageupdate");
    }
}
