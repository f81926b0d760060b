namespace Fleet.Kubernetes.Selectors;

/// <summary>One reason a selector is invalid: the field inside the selector and what to do about it.</summary>
/// <param name="Field">The field relative to the selector, such as <c>matchExpressions[0].operator</c>.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record SelectorProblem(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
