using System.CommandLine;
using Fleet.Cli.Api;
using Fleet.Cli.Configuration;

namespace Fleet.Cli.Commands;

/// <summary><c>fleet login</c>: checks a server and token, then saves them for later commands.</summary>
public static class LoginCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build(CommandRunner runner) => runner.Command("login",
        "Check the server and token (GET /api/v1/fleet), then save them in the config file (mode 0600)",
        async (context, cancellationToken) =>
        {
            var server = context.ServerSetting ?? throw CliException.Usage("login needs --server URL (or FLEET_SERVER)");
            var token = context.TokenSetting ?? throw CliException.Usage("login needs --token TOKEN (or FLEET_TOKEN)");
            using var api = CommandContext.Connect(server, token);
            var fleet = ApiClient.As<FleetView>(await api.GetAsync("api/v1/fleet", cancellationToken));
            context.Config.Save(new CliConfig { Server = api.Server.AbsoluteUri.TrimEnd('/'), Token = token });
            context.Printer.Line($"Logged in to {api.Server.AbsoluteUri.TrimEnd('/')}: {fleet.Clusters.Total} clusters, {fleet.Instances.Total} instances. Saved in {context.Config.Path}.");
            return ExitCodes.Success;
        });
}
