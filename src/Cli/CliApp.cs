using System.CommandLine;
using Fleet.Cli.Commands;

namespace Fleet.Cli;

/// <summary>The <c>fleet</c> command line; <see cref="RunAsync"/> runs one invocation with the given writers and environment.</summary>
public static class CliApp
{
    /// <summary>Parses <paramref name="args"/>, runs the command and answers its exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        var root = Build(stdout, stderr, environment);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not { ClearsParseErrors: true })
        {
            var command = string.Join(' ', parse.CommandResult.Command.Name == root.Name
                ? ["fleet"]
                : new[] { "fleet" }.Concat(CommandPath(parse.CommandResult)));
            var messages = parse.Errors.Select(e => string.Join(' ', e.Message.Split(['\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries)));
            stderr.WriteLine($"error: {string.Join("; ", messages)} (see {command} --help)");
            return ExitCodes.Usage;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }, cancellationToken);
    }

    /// <summary>The command tree.</summary>
    public static RootCommand Build(TextWriter stdout, TextWriter stderr, CliEnvironment environment)
    {
        var globals = new GlobalOptions();
        var runner = new CommandRunner(globals, stdout, stderr, environment);
        var root = new RootCommand($"""
            fleet: the command line of Fleet, the GitOps control plane.

            Server and token come from --server/--token, else FLEET_SERVER/FLEET_TOKEN, else the config file written by
            fleet login ($FLEET_CONFIG, else $XDG_CONFIG_HOME/fleet/config.json, else ~/.config/fleet/config.json).

            {ExitCodes.Help}
            """);
        globals.AddTo(root);
        root.Subcommands.Add(LoginCommand.Build(runner));
        root.Subcommands.Add(StatusCommand.Build(runner));
        root.Subcommands.Add(ClusterCommands.Build(runner));
        root.Subcommands.Add(RepoCommands.Build(runner));
        root.Subcommands.Add(ImageCommands.Build(runner));
        root.Subcommands.Add(AppCommands.Build(runner));
        root.Subcommands.Add(ProjectCommands.Build(runner));
        root.Subcommands.Add(ApplyCommand.Build(runner));
        root.Subcommands.Add(GetCommand.Build(runner));
        root.Subcommands.Add(BootstrapCommand.Build(runner));
        return root;
    }

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new Stack<string>();
        for (var current = result; current.Parent is System.CommandLine.Parsing.CommandResult parent; current = parent)
        {
            names.Push(current.Command.Name);
        }
        return names;
    }
}
