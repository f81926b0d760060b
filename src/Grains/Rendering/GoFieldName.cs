namespace Fleet.Grains.Rendering;

/// <summary>
/// Compares field names the way Go's encoding/json matches them to struct fields, which is how Kustomize reads its
/// file: case-insensitively, each character folded to upper(lower(c)) so that the Kelvin sign matches 'k' and the
/// long s matches 's'.
/// </summary>
internal static class GoFieldName
{
    /// <summary>True when Go would decode a key spelled <paramref name="key"/> into the field <paramref name="field"/>.</summary>
    public static bool Equal(string key, string field)
    {
        if (key.Length != field.Length)
        {
            return false;
        }

        for (var i = 0; i < key.Length; i++)
        {
            if (Fold(key[i]) != Fold(field[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static char Fold(char c) => char.ToUpperInvariant(char.ToLowerInvariant(c));
}
