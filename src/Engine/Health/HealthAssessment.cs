using Fleet.Engine.Status;

namespace Fleet.Engine.Health;

/// <summary>The judged health of one live object.</summary>
/// <param name="Status">The health status.</param>
/// <param name="Reason">A short PascalCase word for machines and filters (<c>ProgressDeadlineExceeded</c>).</param>
/// <param name="Message">One sentence a person can act on: why it is not healthy, or what it is waiting for.</param>
public sealed record HealthAssessment(HealthStatus Status, string Reason, string Message);
