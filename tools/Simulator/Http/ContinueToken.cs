using System.Globalization;
using System.Text;

namespace Fleet.Simulator.Http;

/// <summary>The opaque <c>continue</c> token of a paged list: the last item's key and the list's resourceVersion.</summary>
public static class ContinueToken
{
    public static string Format(string ns, string name, long resourceVersion) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{resourceVersion.ToString(CultureInfo.InvariantCulture)}\n{ns}\n{name}"));

    public static ((string Namespace, string Name)? After, long? ResourceVersion) Parse(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return (null, null);
        }
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('\n');
            if (parts.Length == 3 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var rv))
            {
                return ((parts[1], parts[2]), rv);
            }
        }
        catch (FormatException)
        {
            // falls through to the error below
        }
        throw ApiError.BadRequest("continue key is not valid: the token is malformed");
    }
}
