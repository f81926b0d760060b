using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Fleet.Api.Validation;

/// <summary>Settings the API reads at start; a bad value stops the start with a message naming the key.</summary>
public static class Settings
{
    /// <summary>The whole number above 0 at <paramref name="key"/>, or <paramref name="fallback"/> when it is not set.</summary>
    public static int PositiveNumber(IConfiguration configuration, string key, int fallback)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new InvalidOperationException($"{key} must be a whole number above 0, not '{text}'.");
    }
}
