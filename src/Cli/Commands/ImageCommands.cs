using System.CommandLine;
using Fleet.Cli.Api;

namespace Fleet.Cli.Commands;

/// <summary><c>fleet image repo|policy|update add|list|get|rm</c> (plus <c>repo scan</c> and <c>update run</c>).</summary>
public static class ImageCommands
{
    private const string RepositoriesPath = "api/v1/imagerepositories";
    private const string PoliciesPath = "api/v1/imagepolicies";
    private const string UpdatesPath = "api/v1/imageupdates";

    /// <summary>Builds the command group.</summary>
    public static Command Build(CommandRunner runner) =>
        CommandRunner.Group("image", "Image automation: registries scanned, policies picking the latest tag, updates committing it to Git",
            Repositories(runner), Policies(runner), Updates(runner));

    private static Command Repositories(CommandRunner runner)
    {
        var name = new Argument<string>("name") { Description = "The image repository's name in Fleet" };
        var image = new Option<string>("--image") { Description = "The image without tag: registry.example.com/team/web", Required = true };
        var interval = new Option<int?>("--interval") { Description = "Seconds between scans (5 to 86400, default 60)" };
        var username = new Option<string?>("--username") { Description = "Registry user name" };
        var passwordFile = new Option<FileInfo?>("--password-file") { Description = "A file holding the registry password or token (kept off the command line)" };
        var insecure = new Option<bool>("--insecure") { Description = "Speak plain http to the registry" };
        var add = runner.Command("add", "Register an image repository or replace its settings (PUT /api/v1/imagerepositories/{name})", async (c, ct) =>
        {
            var password = await ReadPasswordAsync(c.Get(passwordFile), ct);
            var body = new { image = c.Get(image), intervalSeconds = c.Get(interval), username = c.Get(username), password, insecure = c.Get(insecure) ? true : (bool?)null };
            var node = await c.Api.SendAsync(HttpMethod.Put, ApiClient.Path(RepositoriesPath, c.Get(name)), body, ct);
            c.Printer.Print(node, () =>
            {
                var view = ApiClient.As<ImageRepositoryView>(node!);
                c.Printer.Line($"imagerepository/{view.Name} registered ({view.Image}, {view.TagCount} tags)");
            });
            return ExitCodes.Success;
        }, name, image, interval, username, passwordFile, insecure);

        var list = runner.Command("list", "List image repositories", async (c, ct) =>
        {
            var node = await c.Api.GetAsync(RepositoriesPath, ct);
            c.Printer.Print(node, () => PrintRepositories(c, ApiClient.List<ImageRepositoryView>(node)));
            return ExitCodes.Success;
        });
        list.Aliases.Add("ls");

        var getName = new Argument<string>("name") { Description = "The image repository's name" };
        var get = runner.Command("get", "Show an image repository and its last scan", async (c, ct) =>
        {
            var node = await c.Api.GetAsync(ApiClient.Path(RepositoriesPath, c.Get(getName)), ct);
            c.Printer.Print(node, () => PrintRepositories(c, [ApiClient.As<ImageRepositoryView>(node)]));
            return ExitCodes.Success;
        }, getName);

        var scanName = new Argument<string>("name") { Description = "The image repository's name" };
        var scan = runner.Command("scan", "List the registry's tags now instead of waiting for the next scan", async (c, ct) =>
        {
            var node = await c.Api.SendAsync(HttpMethod.Post, ApiClient.Path(RepositoriesPath, c.Get(scanName), "scan"), null, ct);
            c.Printer.Print(node, () => PrintRepositories(c, [ApiClient.As<ImageRepositoryView>(node!)]));
            return ExitCodes.Success;
        }, scanName);

        return CommandRunner.Group("repo", "Register and inspect image repositories", add, list, get, scan, Remove(runner, RepositoriesPath, "imagerepository"));
    }

    private static Command Policies(CommandRunner runner)
    {
        var name = new Argument<string>("name") { Description = "The image policy's name (what markers refer to)" };
        var repository = new Option<string>("--image-repository") { Description = "The image repository whose tags the policy picks from", Required = true };
        var semver = new Option<string?>("--semver") { Description = "A semver range: '>=1.0.0 <2.0.0', '^1.2', '~1.2.3'" };
        var alphabetical = new Option<string?>("--alphabetical") { Description = "Order tags as text: asc (latest is last) or desc" };
        var numerical = new Option<string?>("--numerical") { Description = "Order tags as numbers: asc (latest is largest) or desc" };
        var pattern = new Option<string?>("--filter-pattern") { Description = "Only tags matching this regular expression ('^main-[a-f0-9]+-(?P<ts>[0-9]+)')" };
        var extract = new Option<string?>("--filter-extract") { Description = "Order by this part of the match ('$ts')" };
        var add = runner.Command("add", "Register an image policy or replace its settings (PUT /api/v1/imagepolicies/{name})", async (c, ct) =>
        {
            var policy = new
            {
                semver = c.Get(semver) is { } range ? new { range } : null,
                alphabetical = c.Get(alphabetical) is { } a ? new { order = a } : null,
                numerical = c.Get(numerical) is { } n ? new { order = n } : null,
            };
            var filterTags = c.Get(pattern) is { } p ? new { pattern = p, extract = c.Get(extract) } : null;
            var body = new { imageRepository = c.Get(repository), policy, filterTags };
            var node = await c.Api.SendAsync(HttpMethod.Put, ApiClient.Path(PoliciesPath, c.Get(name)), body, ct);
            c.Printer.Print(node, () =>
            {
                var view = ApiClient.As<ImagePolicyView>(node!);
                c.Printer.Line($"imagepolicy/{view.Name} registered (latest: {view.LatestTag ?? "none yet"})");
            });
            return ExitCodes.Success;
        }, name, repository, semver, alphabetical, numerical, pattern, extract);

        var list = runner.Command("list", "List image policies and their latest tags", async (c, ct) =>
        {
            var node = await c.Api.GetAsync(PoliciesPath, ct);
            c.Printer.Print(node, () => PrintPolicies(c, ApiClient.List<ImagePolicyView>(node)));
            return ExitCodes.Success;
        });
        list.Aliases.Add("ls");

        var getName = new Argument<string>("name") { Description = "The image policy's name" };
        var get = runner.Command("get", "Show an image policy and its latest tag", async (c, ct) =>
        {
            var node = await c.Api.GetAsync(ApiClient.Path(PoliciesPath, c.Get(getName)), ct);
            c.Printer.Print(node, () => PrintPolicies(c, [ApiClient.As<ImagePolicyView>(node)]));
            return ExitCodes.Success;
        }, getName);

        return CommandRunner.Group("policy", "Register and inspect image policies", add, list, get, Remove(runner, PoliciesPath, "imagepolicy"));
    }

    private static Command Updates(CommandRunner runner)
    {
        var name = new Argument<string>("name") { Description = "The image update's name" };
        var repository = new Option<string>("--repository") { Description = "The Fleet repository to commit to (its credentials push)", Required = true };
        var branch = new Option<string?>("--branch") { Description = "The branch to check out (default: main)" };
        var path = new Option<string?>("--path") { Description = "The folder whose YAML files hold markers (default: the whole repository)" };
        var authorName = new Option<string>("--author-name") { Description = "The commit author's name", Required = true };
        var authorEmail = new Option<string>("--author-email") { Description = "The commit author's e-mail", Required = true };
        var pushBranch = new Option<string?>("--push-branch") { Description = "Push to this branch instead (for review)" };
        var add = runner.Command("add", "Register an image update or replace its settings (PUT /api/v1/imageupdates/{name})", async (c, ct) =>
        {
            var body = new
            {
                repository = c.Get(repository),
                branch = c.Get(branch),
                path = c.Get(path),
                author = new { name = c.Get(authorName), email = c.Get(authorEmail) },
                pushBranch = c.Get(pushBranch),
            };
            var node = await c.Api.SendAsync(HttpMethod.Put, ApiClient.Path(UpdatesPath, c.Get(name)), body, ct);
            c.Printer.Print(node, () =>
            {
                var view = ApiClient.As<ImageUpdateView>(node!);
                var ready = view.Conditions.FirstOrDefault(x => x.Type == "Ready");
                c.Printer.Line($"imageupdate/{view.Name} registered ({ready?.Message ?? "not run yet"})");
            });
            return ExitCodes.Success;
        }, name, repository, branch, path, authorName, authorEmail, pushBranch);

        var list = runner.Command("list", "List image updates and their last pushes", async (c, ct) =>
        {
            var node = await c.Api.GetAsync(UpdatesPath, ct);
            c.Printer.Print(node, () => PrintUpdates(c, ApiClient.List<ImageUpdateView>(node)));
            return ExitCodes.Success;
        });
        list.Aliases.Add("ls");

        var getName = new Argument<string>("name") { Description = "The image update's name" };
        var get = runner.Command("get", "Show an image update and its last push", async (c, ct) =>
        {
            var node = await c.Api.GetAsync(ApiClient.Path(UpdatesPath, c.Get(getName)), ct);
            c.Printer.Print(node, () => PrintUpdates(c, [ApiClient.As<ImageUpdateView>(node)]));
            return ExitCodes.Success;
        }, getName);

        var runName = new Argument<string>("name") { Description = "The image update's name" };
        var run = runner.Command("run", "Rewrite the marked values, commit and push now if anything changed", async (c, ct) =>
        {
            var node = await c.Api.SendAsync(HttpMethod.Post, ApiClient.Path(UpdatesPath, c.Get(runName), "run"), null, ct);
            c.Printer.Print(node, () => PrintUpdates(c, [ApiClient.As<ImageUpdateView>(node!)]));
            return ExitCodes.Success;
        }, runName);

        return CommandRunner.Group("update", "Register and inspect image updates", add, list, get, run, Remove(runner, UpdatesPath, "imageupdate"));
    }

    private static Command Remove(CommandRunner runner, string path, string kind)
    {
        var name = new Argument<string>("name") { Description = $"The {kind}'s name" };
        var rm = runner.Command("rm", $"Unregister an {kind}", async (c, ct) =>
        {
            await c.Api.SendAsync(HttpMethod.Delete, ApiClient.Path(path, c.Get(name)), null, ct);
            c.Printer.Line($"{kind}/{c.Get(name)} removed");
            return ExitCodes.Success;
        }, name);
        rm.Aliases.Add("delete");
        return rm;
    }

    private static async Task<string?> ReadPasswordAsync(FileInfo? file, CancellationToken ct)
    {
        if (file is null)
        {
            return null;
        }
        if (!file.Exists)
        {
            throw CliException.Usage($"--password-file: {file.FullName} does not exist");
        }
        return (await File.ReadAllTextAsync(file.FullName, ct)).TrimEnd('\r', '\n');
    }

    private static void PrintRepositories(CommandContext c, IEnumerable<ImageRepositoryView> repositories)
    {
        var table = new Output.Table("NAME", "IMAGE", "TAGS", "READY", "LAST SCAN", "MESSAGE");
        table.StatusColumns.Add(3);
        foreach (var r in repositories)
        {
            var ready = r.Conditions.FirstOrDefault(x => x.Type == "Ready");
            table.Add(r.Name, r.Image, r.TagCount.ToString(System.Globalization.CultureInfo.InvariantCulture), ready?.Status ?? "Unknown", Values.Age(r.LastScan), ready?.Message);
        }
        c.Printer.Print(table);
    }

    private static void PrintPolicies(CommandContext c, IEnumerable<ImagePolicyView> policies)
    {
        var table = new Output.Table("NAME", "IMAGE REPOSITORY", "POLICY", "LATEST", "PREVIOUS", "READY", "MESSAGE");
        table.StatusColumns.Add(5);
        foreach (var p in policies)
        {
            var ready = p.Conditions.FirstOrDefault(x => x.Type == "Ready");
            table.Add(p.Name, p.ImageRepository, p.Policy.ToString(), p.LatestTag, p.PreviousTag, ready?.Status ?? "Unknown", ready?.Message);
        }
        c.Printer.Print(table);
    }

    private static void PrintUpdates(CommandContext c, IEnumerable<ImageUpdateView> updates)
    {
        var table = new Output.Table("NAME", "REPOSITORY", "BRANCH", "PATH", "LAST PUSH", "COMMIT", "READY", "MESSAGE");
        table.StatusColumns.Add(6);
        foreach (var u in updates)
        {
            var ready = u.Conditions.FirstOrDefault(x => x.Type == "Ready");
            table.Add(u.Name, u.Spec.Repository, u.Spec.PushBranch ?? u.Spec.Branch, u.Spec.Path.Length == 0 ? "/" : u.Spec.Path,
                Values.Age(u.LastPushTime), Values.Short(u.LastPushedCommit), ready?.Status ?? "Unknown", ready?.Message);
        }
        c.Printer.Print(table);
    }
}
