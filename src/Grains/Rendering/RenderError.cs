namespace Fleet.Grains.Rendering;

/// <summary>Where a render failed and what a person can do about it.</summary>
/// <param name="File">The file relative to the repository root, with <c>/</c> separators.</param>
/// <param name="Line">The 1-based line in that file when known.</param>
/// <param name="Message">A sentence a person can act on.</param>
public sealed record RenderError(string File, int? Line, string Message)
{
    /// <summary>The error as one line: <c>file:line: message</c>.</summary>
    public override string ToString() => Line is { } line ? $"{File}:{line}: {Message}" : $"{File}: {Message}";
}
