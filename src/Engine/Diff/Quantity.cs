using System.Globalization;

namespace Fleet.Engine.Diff;

/// <summary>
/// Reads Kubernetes resource quantities (<c>500m</c>, <c>1Gi</c>, <c>2</c>, <c>1e3</c>) as exact numbers, so that
/// spellings the API server may canonicalize differently compare equal.
/// </summary>
internal static class Quantity
{
    private static readonly Dictionary<string, decimal> Multipliers = new(StringComparer.Ordinal)
    {
        [""] = 1m,
        ["n"] = 0.000000001m,
        ["u"] = 0.000001m,
        ["m"] = 0.001m,
        ["k"] = 1_000m,
        ["M"] = 1_000_000m,
        ["G"] = 1_000_000_000m,
        ["T"] = 1_000_000_000_000m,
        ["P"] = 1_000_000_000_000_000m,
        ["E"] = 1_000_000_000_000_000_000m,
        ["Ki"] = 1024m,
        ["Mi"] = 1024m * 1024,
        ["Gi"] = 1024m * 1024 * 1024,
        ["Ti"] = 1024m * 1024 * 1024 * 1024,
        ["Pi"] = 1024m * 1024 * 1024 * 1024 * 1024,
        ["Ei"] = 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
    };

    /// <summary>Parses a quantity; returns null when the text is not one (or is too large to hold exactly).</summary>
    public static decimal? TryParse(string text)
    {
        var numberLength = 0;
        while (numberLength < text.Length && (char.IsAsciiDigit(text[numberLength]) || text[numberLength] is '.' or '+' or '-'))
        {
            numberLength++;
        }

        if (numberLength == 0
            || !decimal.TryParse(text[..numberLength], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var mantissa))
        {
            return null;
        }

        var suffix = text[numberLength..];
        try
        {
            if (Multipliers.TryGetValue(suffix, out var multiplier))
            {
                return mantissa * multiplier;
            }

            // "1e3" is a decimal exponent; a bare "E" (handled above) is the exa suffix.
            if (suffix.Length > 1 && suffix[0] is 'e' or 'E'
                && int.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent)
                && Math.Abs(exponent) <= 28)
            {
                return mantissa * Pow10(exponent);
            }
        }
        catch (OverflowException)
        {
            return null;
        }

        return null;
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            result *= 10m;
        }

        return exponent < 0 ? 1m / result : result;
    }
}
