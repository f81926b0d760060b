using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;

namespace Fleet.Kubernetes.Quantities;

/// <summary>
/// A Kubernetes resource quantity (<c>500m</c>, <c>1Gi</c>, <c>1e3</c>) held as an exact value, so that spellings the
/// API server canonicalizes differently (<c>0.5</c> and <c>500m</c>) compare equal, and the canonical text the server
/// writes back for it: the suffix family the client used is kept (decimal SI, binary SI or decimal exponent), the
/// mantissa is the smallest integer, and the exponent the largest that loses nothing. Binary values below 1024 or with
/// a fraction fall back to decimal SI; precision below 1n rounds away from zero, as the server does.
/// </summary>
public readonly struct Quantity : IEquatable<Quantity>, IComparable<Quantity>
{
    /// <summary>The regular expression the real server quotes when a quantity does not parse.</summary>
    public const string Pattern = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

    /// <summary>The message part the server gives for an unparsable quantity.</summary>
    public const string FormatMessage = "quantities must match the regular expression '" + Pattern + "'";

    // Exponents beyond this would make the exact value astronomically large to hold; no resource comes near it.
    private const int MaxExponent = 1000;

    // value = _mantissa * 10^_scale, with _scale >= -9.
    private readonly BigInteger _mantissa;
    private readonly int _scale;
    private readonly Format _format;

    private Quantity(BigInteger mantissa, int scale, Format format)
    {
        _mantissa = mantissa;
        _scale = scale;
        _format = format;
    }

    private enum Format
    {
        DecimalSI,
        BinarySI,
        DecimalExponent,
    }

    private static readonly Dictionary<string, int> DecimalSuffixes = new(StringComparer.Ordinal)
    {
        ["n"] = -9, ["u"] = -6, ["m"] = -3, [""] = 0, ["k"] = 3, ["M"] = 6, ["G"] = 9, ["T"] = 12, ["P"] = 15, ["E"] = 18,
    };

    private static readonly string[] BinarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

    /// <summary>The canonical form of <paramref name="text"/>; throws <see cref="FormatException"/> when it does not parse.</summary>
    public static string Canonicalize(string text) =>
        TryCanonicalize(text, out var canonical) ? canonical : throw new FormatException(FormatMessage);

    /// <summary>The canonical form of <paramref name="text"/>, or false when it is not a quantity.</summary>
    public static bool TryCanonicalize(string text, [NotNullWhen(true)] out string? canonical)
    {
        canonical = null;
        if (!TryParse(text, out var mantissa, out var scale, out var format))
        {
            return false;
        }
        canonical = Render(mantissa, scale, format);
        return true;
    }

    /// <summary>True when <paramref name="text"/> parses as a quantity.</summary>
    public static bool IsValid(string text) => TryParse(text, out _, out _, out _);

    /// <summary>Parses <paramref name="text"/>; false when it is not a quantity.</summary>
    public static bool TryParse(string? text, out Quantity quantity)
    {
        quantity = default;
        if (text is null || !TryParse(text, out var mantissa, out var scale, out var format))
        {
            return false;
        }
        quantity = new Quantity(mantissa, scale, format);
        return true;
    }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> when it is not a quantity.</summary>
    public static Quantity Parse(string text) =>
        TryParse(text, out var quantity) ? quantity : throw new FormatException(FormatMessage);

    /// <summary>The canonical text, as the API server writes it back.</summary>
    public override string ToString() => Render(_mantissa, _scale, _format);

    /// <summary>Equal values are equal whatever their spelling: <c>0.5</c>, <c>500m</c> and <c>5e-1</c>.</summary>
    public bool Equals(Quantity other) => CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is Quantity other && Equals(other);

    public override int GetHashCode()
    {
        // Strip trailing zeros so every spelling of one value hashes alike.
        var (mantissa, scale) = (_mantissa, _scale);
        while (!mantissa.IsZero && (mantissa % 10).IsZero)
        {
            mantissa /= 10;
            scale++;
        }
        return mantissa.IsZero ? 0 : HashCode.Combine(mantissa, scale);
    }

    public int CompareTo(Quantity other)
    {
        var scale = Math.Min(_scale, other._scale);
        var left = _mantissa * BigInteger.Pow(10, _scale - scale);
        var right = other._mantissa * BigInteger.Pow(10, other._scale - scale);
        return left.CompareTo(right);
    }

    public static bool operator ==(Quantity left, Quantity right) => left.Equals(right);

    public static bool operator !=(Quantity left, Quantity right) => !left.Equals(right);

    public static bool operator <(Quantity left, Quantity right) => left.CompareTo(right) < 0;

    public static bool operator >(Quantity left, Quantity right) => left.CompareTo(right) > 0;

    public static bool operator <=(Quantity left, Quantity right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Quantity left, Quantity right) => left.CompareTo(right) >= 0;

    // value = mantissa * 10^scale
    private static bool TryParse(string text, out BigInteger mantissa, out int scale, out Format format)
    {
        mantissa = BigInteger.Zero;
        scale = 0;
        format = Format.DecimalSI;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var position = 0;
        var negative = false;
        if (text[0] is '+' or '-')
        {
            negative = text[0] == '-';
            position++;
        }

        var integerDigits = ReadDigits(text, ref position);
        var fractionDigits = "";
        if (position < text.Length && text[position] == '.')
        {
            position++;
            fractionDigits = ReadDigits(text, ref position);
        }
        if (integerDigits.Length + fractionDigits.Length == 0)
        {
            return false;
        }

        if (!TryParseSuffix(text[position..], out var exponent10, out var power1024, out format))
        {
            return false;
        }

        mantissa = BigInteger.Parse("0" + integerDigits + fractionDigits, CultureInfo.InvariantCulture);
        scale = exponent10 - fractionDigits.Length;
        if (power1024 > 0)
        {
            mantissa *= BigInteger.Pow(1024, power1024);
        }
        if (negative)
        {
            mantissa = -mantissa;
        }

        // The server keeps nano precision at most and rounds away from zero below it.
        if (scale < -9)
        {
            var divisor = BigInteger.Pow(10, -9 - scale);
            var quotient = BigInteger.DivRem(mantissa, divisor, out var remainder);
            mantissa = remainder.IsZero ? quotient : quotient + mantissa.Sign;
            scale = -9;
        }
        return true;
    }

    private static string ReadDigits(string text, ref int position)
    {
        var start = position;
        while (position < text.Length && char.IsAsciiDigit(text[position]))
        {
            position++;
        }
        return text[start..position];
    }

    private static bool TryParseSuffix(string suffix, out int exponent10, out int power1024, out Format format)
    {
        exponent10 = 0;
        power1024 = 0;
        format = Format.DecimalSI;
        if (DecimalSuffixes.TryGetValue(suffix, out exponent10))
        {
            return true;
        }
        var binary = Array.IndexOf(BinarySuffixes, suffix);
        if (binary > 0)
        {
            power1024 = binary;
            format = Format.BinarySI;
            return true;
        }
        if (suffix.Length > 1 && suffix[0] is 'e' or 'E')
        {
            var rest = suffix[1..];
            var digits = rest.TrimStart('+', '-');
            if (rest.Length - digits.Length <= 1 && digits.Length > 0 && digits.All(char.IsAsciiDigit)
                && int.TryParse(rest, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent10)
                && Math.Abs(exponent10) <= MaxExponent)
            {
                format = Format.DecimalExponent;
                return true;
            }
        }
        return false;
    }

    private static string Render(BigInteger mantissa, int scale, Format format)
    {
        if (mantissa.IsZero)
        {
            return "0";
        }

        if (format == Format.BinarySI)
        {
            var limit = new BigInteger(1024);
            var whole = ToInteger(mantissa, scale);
            if (whole is null || BigInteger.Abs(whole.Value) < limit)
            {
                // Small or fractional binary values cannot be written with a binary suffix without rounding.
                format = Format.DecimalSI;
            }
            else
            {
                var value = whole.Value;
                var power = 0;
                while (power < BinarySuffixes.Length - 1 && (value % 1024).IsZero)
                {
                    value /= 1024;
                    power++;
                }
                return value.ToString(CultureInfo.InvariantCulture) + BinarySuffixes[power];
            }
        }

        // Strip trailing zeros into the exponent, then lower the exponent to a multiple of three.
        while ((mantissa % 10).IsZero)
        {
            mantissa /= 10;
            scale++;
        }
        var remainder = ((scale % 3) + 3) % 3;
        mantissa *= BigInteger.Pow(10, remainder);
        scale -= remainder;

        if (format == Format.DecimalExponent)
        {
            return mantissa.ToString(CultureInfo.InvariantCulture) + (scale == 0 ? "" : "e" + scale.ToString(CultureInfo.InvariantCulture));
        }
        if (scale > 18)
        {
            mantissa *= BigInteger.Pow(10, scale - 18);
            scale = 18;
        }
        var suffix = DecimalSuffixes.First(p => p.Value == scale).Key;
        return mantissa.ToString(CultureInfo.InvariantCulture) + suffix;
    }

    private static BigInteger? ToInteger(BigInteger mantissa, int scale)
    {
        if (scale >= 0)
        {
            return mantissa * BigInteger.Pow(10, scale);
        }
        var quotient = BigInteger.DivRem(mantissa, BigInteger.Pow(10, -scale), out var remainder);
        return remainder.IsZero ? quotient : null;
    }
}
