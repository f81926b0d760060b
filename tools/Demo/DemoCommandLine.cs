namespace Fleet.Demo;

/// <summary>
/// The demo's own switches, taken out of the command line before ASP.NET Core reads it: its command-line
/// configuration takes the argument after a bare <c>--switch</c> as the switch's value, so <c>--demo-reset --urls X</c>
/// would swallow <c>--urls</c>.
/// </summary>
public sealed record DemoCommandLine(string[] HostArguments, bool Reset)
{
    /// <summary>Deletes the demo's Git repository and seeds it again.</summary>
    public const string ResetSwitch = "--demo-reset";

    /// <summary>Splits <paramref name="args"/> into the demo's switches and what the host reads.</summary>
    public static DemoCommandLine Parse(string[] args) =>
        new([.. args.Where(a => a != ResetSwitch)], args.Contains(ResetSwitch));
}
