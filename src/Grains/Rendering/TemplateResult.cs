namespace Fleet.Grains.Rendering;

/// <summary>The outcome of substituting cluster variables into a text.</summary>
/// <param name="Text">The text with every known variable replaced; unknown variables are left as written.</param>
/// <param name="Errors">One entry per variable that could not be replaced; empty on success.</param>
public sealed record TemplateResult(string Text, IReadOnlyList<TemplateError> Errors)
{
    /// <summary>True when every variable was replaced.</summary>
    public bool Succeeded => Errors.Count == 0;

    /// <summary>How many variables were replaced; zero means the text reads the same on every cluster.</summary>
    public int Substitutions { get; init; }
}

/// <summary>A cluster variable that could not be replaced.</summary>
/// <param name="Line">The 1-based line of the text where the variable appears.</param>
/// <param name="Variable">The variable as written between the braces, e.g. <c>cluster.labels.env</c>.</param>
/// <param name="Message">A sentence a person can act on.</param>
public sealed record TemplateError(int Line, string Variable, string Message);
