namespace Fleet.Bench.Scenarios;

/// <summary>One reported figure: what, how much, the target if the issue sets one, and the conditions it holds under.</summary>
public sealed record Figure(string Scenario, string Name, double Value, string Unit, string? Target, bool? Met, string Conditions);
