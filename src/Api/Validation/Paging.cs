using System.Buffers.Text;
using System.Text;

namespace Fleet.Api.Validation;

/// <summary>A page of a list: the items, how many match in all, and the token for the next page (null on the last).</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, string? Continue);

/// <summary>
/// Paging parameters shared by the list endpoints: <c>limit</c> (default 100, at most 1000) and an opaque
/// <c>continue</c> token naming the last item of the previous page, so that a walk returns every item once even while
/// items come and go.
/// </summary>
public static class Paging
{
    /// <summary>Items per page when the caller names no limit.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest page.</summary>
    public const int MaxLimit = 1000;

    private const string Version = "v1";

    /// <summary>Parses <c>limit</c>, adding a field error when it is not a whole number from 1 to 1000.</summary>
    public static int Limit(this RequestValidation validation, string? limit)
    {
        if (limit is null)
        {
            return DefaultLimit;
        }
        if (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) || value is < 1 or > MaxLimit)
        {
            validation.Add("limit", $"\"{limit}\" must be a whole number from 1 to {MaxLimit}");
            return DefaultLimit;
        }
        return value;
    }

    /// <summary>Parses a <c>continue</c> token of <paramref name="parts"/> key parts; null when absent or invalid (then a field error).</summary>
    public static string[]? Continue(this RequestValidation validation, string? token, int parts)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        var decoded = Decode(token)?.Split('\n');
        if (decoded is null || decoded.Length != parts + 1 || decoded[0] != Version || decoded.Skip(1).Any(string.IsNullOrEmpty))
        {
            validation.Add("continue", "is not a token this server issued: pass the \"continue\" value of the previous page unchanged");
            return null;
        }
        return decoded[1..];
    }

    /// <summary>The opaque token that continues after the item with these key parts.</summary>
    public static string Token(params string[] parts) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('\n', [Version, .. parts])));

    /// <summary>
    /// Pages a list ordered by an ordinal key: the items after the key <paramref name="after"/>, at most
    /// <paramref name="limit"/>, and the token for the rest (null when none follow).
    /// </summary>
    public static (List<T> Items, string? Continue) Slice<T>(IReadOnlyList<T> ordered, Func<T, string> key, string? after, int limit)
    {
        var start = 0;
        if (after is not null)
        {
            while (start < ordered.Count && string.CompareOrdinal(key(ordered[start]), after) <= 0)
            {
                start++;
            }
        }
        var items = ordered.Skip(start).Take(limit).ToList();
        var more = start + items.Count < ordered.Count;
        return (items, more && items.Count > 0 ? Token(key(items[^1])) : null);
    }

    private static string? Decode(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
