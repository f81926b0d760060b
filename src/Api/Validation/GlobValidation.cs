namespace Fleet.Api.Validation;

/// <summary>Checks the globs of project rules: names as Kubernetes and Fleet spell them, with <c>*</c> and <c>?</c>.</summary>
public static class GlobValidation
{
    private const int MaxLength = 253;

    /// <summary>
    /// Adds an error on <paramref name="field"/> unless <paramref name="pattern"/> is a glob of lowercase names (a-z,
    /// 0-9, '-', '.') or, with <paramref name="kind"/>, of kinds (letters and digits); empty only when not
    /// <paramref name="required"/> (the core API group is "").
    /// </summary>
    public static RequestValidation Glob(this RequestValidation validation, string field, string? pattern, bool required, bool kind = false)
    {
        ArgumentNullException.ThrowIfNull(validation);
        if (string.IsNullOrEmpty(pattern))
        {
            return required ? validation.Add(field, "is required (a name, or a glob with * and ?)") : validation;
        }
        if (pattern.Length > MaxLength)
        {
            return validation.Add(field, $"must be at most {MaxLength} characters");
        }
        var valid = pattern.All(c => c is '*' or '?' || char.IsAsciiDigit(c) || (kind ? char.IsAsciiLetter(c) : char.IsAsciiLetterLower(c) || c is '-' or '.'));
        return valid ? validation
            : validation.Add(field, kind
                ? $"\"{pattern}\" must be a kind (letters and digits) or a glob of kinds with * and ?"
                : $"\"{pattern}\" must be a lowercase name (a-z, 0-9, '-', '.') or a glob of names with * and ?");
    }
}
