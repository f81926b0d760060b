namespace Fleet.Api.Validation;

/// <summary>Parses status words in query strings (<c>?health=Degraded</c>), case-insensitively, by name only.</summary>
public static class EnumFilters
{
    /// <summary>The named value, or null when absent; an unknown word adds a field error listing the valid ones.</summary>
    public static T? Enum<T>(this RequestValidation validation, string field, string? value) where T : struct, System.Enum
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        // Names only: Enum.TryParse would also take "3" or "1,2", which are not status words.
        foreach (var name in System.Enum.GetNames<T>())
        {
            if (string.Equals(name, value, StringComparison.OrdinalIgnoreCase))
            {
                return System.Enum.Parse<T>(name);
            }
        }
        validation.Add(field, $"\"{value}\" is not one of {string.Join(", ", System.Enum.GetNames<T>())}");
        return null;
    }
}
