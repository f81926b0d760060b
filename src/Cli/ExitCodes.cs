namespace Fleet.Cli;

/// <summary>The exit codes of <c>fleet</c>; scripts may rely on them.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked (for <c>app diff</c>: there are no differences).</summary>
    public const int Success = 0;

    /// <summary>The server reported a failure, a wait condition failed, or <c>app diff</c> found differences.</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong: unknown command or option, missing or malformed value.</summary>
    public const int Usage = 2;

    /// <summary>What the command names does not exist.</summary>
    public const int NotFound = 3;

    /// <summary>No credentials, a rejected token, or a role that may not do this.</summary>
    public const int NotAuthorized = 4;

    /// <summary><c>app wait</c> gave up before every instance matched.</summary>
    public const int Timeout = 5;

    /// <summary>The server could not be reached or did not answer in time.</summary>
    public const int Unreachable = 6;

    /// <summary>
    /// <c>app diff</c> cannot tell whether an instance is in sync: its render failed, its cluster is unreachable, its
    /// reconcile failed or it has not compared yet. Above 1, as diff(1) and kubectl diff keep 0 and 1 for the answer.
    /// </summary>
    public const int CannotTell = 7;

    /// <summary>The table printed at the end of <c>fleet --help</c> and in the README.</summary>
    public const string Help = """
        Exit codes:
          0  success (app diff: in sync)
          1  failure reported by the server, failed wait condition (app diff: differences found)
          2  usage error
          3  not found
          4  not authenticated or not allowed
          5  timeout (app wait)
          6  server unreachable
          7  app diff: cannot tell (render failed, cluster unreachable, reconcile failed, not compared yet)
        """;
}

/// <summary>A failure that ends the command with one line on stderr and the given exit code.</summary>
public sealed class CliException(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The process exit code (see <see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>A usage error (exit code 2).</summary>
    public static CliException Usage(string message) => new(ExitCodes.Usage, message);
}
