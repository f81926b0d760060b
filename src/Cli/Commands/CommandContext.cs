using System.CommandLine;
using Fleet.Cli.Api;
using Fleet.Cli.Configuration;
using Fleet.Cli.Output;

namespace Fleet.Cli.Commands;

/// <summary>The options every command takes (recursive on the root command).</summary>
public sealed class GlobalOptions
{
    /// <summary>--server: overrides FLEET_SERVER and the saved configuration.</summary>
    public Option<string?> Server { get; } = new("--server")
    {
        Description = "The Fleet API URL (default: $FLEET_SERVER, else the one saved by fleet login)",
        Recursive = true,
    };

    /// <summary>--token: overrides FLEET_TOKEN and the saved configuration.</summary>
    public Option<string?> Token { get; } = new("--token")
    {
        Description = "The bearer token (default: $FLEET_TOKEN, else the one saved by fleet login)",
        Recursive = true,
    };

    /// <summary>-o / --output: table (default), wide, json or yaml.</summary>
    public Option<string?> Output { get; } = new("--output", "-o")
    {
        Description = "Output format: wide, json or yaml (default: a table)",
        Recursive = true,
    };

    /// <summary>Creates the options and restricts --output to its four values.</summary>
    public GlobalOptions() => Output.AcceptOnlyFromAmong("table", "wide", "json", "yaml");

    /// <summary>Adds the options to the root command.</summary>
    public void AddTo(Command root)
    {
        root.Options.Add(Server);
        root.Options.Add(Token);
        root.Options.Add(Output);
    }
}

/// <summary>What a command's handler works with: its parsed values, the printer, the API client and the config store.</summary>
public sealed class CommandContext(ParseResult parse, GlobalOptions globals, TextWriter stdout, TextWriter stderr, CliEnvironment environment) : IDisposable
{
    private ApiClient? _api;
    private CliConfig? _saved;

    /// <summary>The output as the user asked for it.</summary>
    public Printer Printer { get; } = new(stdout, ParseFormat(parse.GetValue(globals.Output)), environment.Colors);

    /// <summary>Where errors and progress notes go.</summary>
    public TextWriter Error => stderr;

    /// <summary>The configuration store (for login).</summary>
    public CliConfigStore Config { get; } = new(environment);

    /// <summary>The value of an option.</summary>
    public T? Get<T>(Option<T> option) => parse.GetValue(option);

    /// <summary>The value of an argument.</summary>
    public T Get<T>(Argument<T> argument) => parse.GetValue(argument)!;

    /// <summary>The server from --server, FLEET_SERVER or the configuration, in that order.</summary>
    public string? ServerSetting => parse.GetValue(globals.Server) ?? environment["FLEET_SERVER"] ?? Saved.Server;

    /// <summary>
    /// The token from --token, FLEET_TOKEN or the configuration, in that order. A token given but empty (an unset
    /// shell variable expanded into --token "$T", or FLEET_TOKEN= ) is a usage error: sending none, or falling back
    /// to the saved one, would answer a question the user did not ask.
    /// </summary>
    public string? TokenSetting
    {
        get
        {
            if (parse.GetValue(globals.Token) is { } option)
            {
                return NotEmpty(option, "--token");
            }
            if (environment.Variables.TryGetValue("FLEET_TOKEN", out var variable))
            {
                return NotEmpty(variable, "FLEET_TOKEN");
            }
            return Saved.Token;
        }
    }

    private static string NotEmpty(string token, string source) => string.IsNullOrWhiteSpace(token)
        ? throw CliException.Usage($"{source}: the token is empty (pass the token the silo printed, or leave {source} out to use the saved one)")
        : token;

    /// <summary>The saved configuration, read once and only when a setting is not given otherwise.</summary>
    private CliConfig Saved => _saved ??= Config.Load();

    /// <summary>The API client, built on first use from the resolved server and token.</summary>
    public ApiClient Api => _api ??= Connect(ServerSetting, TokenSetting);

    /// <summary>A client for <paramref name="server"/>; a usage error when the URL is not http(s).</summary>
    public static ApiClient Connect(string? server, string? token)
    {
        if (server is null)
        {
            throw new CliException(ExitCodes.NotAuthorized,
                "no Fleet server configured: run fleet login --server URL --token TOKEN, or pass --server / set FLEET_SERVER");
        }
        return new ApiClient(ServerUri(server), token);
    }

    /// <summary>Parses a server URL, adding the trailing slash relative paths need.</summary>
    public static Uri ServerUri(string server)
    {
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw CliException.Usage($"--server: \"{server}\" is not an http:// or https:// URL");
        }
        return new Uri(uri.AbsoluteUri.TrimEnd('/') + "/");
    }

    public void Dispose() => _api?.Dispose();

    private static OutputFormat ParseFormat(string? value) => value switch
    {
        "wide" => OutputFormat.Wide,
        "json" => OutputFormat.Json,
        "yaml" => OutputFormat.Yaml,
        _ => OutputFormat.Table,
    };
}

/// <summary>Builds commands whose handlers get a <see cref="CommandContext"/> and whose failures become exit codes.</summary>
public sealed class CommandRunner(GlobalOptions globals, TextWriter stdout, TextWriter stderr, CliEnvironment environment)
{
    /// <summary>The global options.</summary>
    public GlobalOptions Globals => globals;

    /// <summary>Creates a command with arguments and options, running <paramref name="handler"/>.</summary>
    public Command Command(string name, string description, Func<CommandContext, CancellationToken, Task<int>> handler, params Symbol[] symbols)
    {
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
            }
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = new CommandContext(parse, globals, stdout, stderr, environment);
            try
            {
                return await handler(context, cancellationToken);
            }
            catch (CliException e)
            {
                stderr.WriteLine($"error: {e.Message}");
                return e.ExitCode;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: the shell's convention (128 + SIGINT), so that scripts can tell it from a failure.
                stderr.WriteLine("error: interrupted");
                return 130;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
            {
                stderr.WriteLine($"error: {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    /// <summary>A group of sub-commands, such as <c>cluster</c>.</summary>
    public static Command Group(string name, string description, params Command[] commands)
    {
        var group = new Command(name, description);
        foreach (var command in commands)
        {
            group.Subcommands.Add(command);
        }
        return group;
    }
}
