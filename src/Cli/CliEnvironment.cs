namespace Fleet.Cli;

/// <summary>What the CLI reads from its surroundings: environment variables and whether colours are wanted.</summary>
/// <param name="Variables">Environment variables (FLEET_SERVER, FLEET_TOKEN, FLEET_CONFIG, XDG_CONFIG_HOME, HOME).</param>
/// <param name="Colors">Whether the output may carry ANSI colours (only when it goes to a terminal).</param>
public sealed record CliEnvironment(IReadOnlyDictionary<string, string> Variables, bool Colors = false)
{
    /// <summary>The value of an environment variable, or null when unset or empty.</summary>
    public string? this[string name] => Variables.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    /// <summary>The environment of this process; colours only when stdout is a terminal and NO_COLOR is unset.</summary>
    public static CliEnvironment FromProcess()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string ?? "";
        }
        var colors = !Console.IsOutputRedirected && !variables.ContainsKey("NO_COLOR") && variables.GetValueOrDefault("TERM") != "dumb";
        return new CliEnvironment(variables, colors);
    }
}
