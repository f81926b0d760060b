using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using Fleet.Kubernetes.Quantities;

namespace Fleet.Engine.Diff;

/// <summary>
/// Decides whether two JSON scalars mean the same thing to Kubernetes: <c>1</c> equals <c>1.0</c>, a number equals its
/// decimal string (int-or-string fields such as <c>targetPort</c>), and under resource fields <c>500m</c> equals
/// <c>0.5</c>.
/// </summary>
internal static class ScalarEquality
{
    public static bool AreEqual(JsonNode desired, JsonNode live, bool isQuantity)
    {
        var desiredKind = desired.GetValueKind();
        var liveKind = live.GetValueKind();

        if (isQuantity && IsNumberOrString(desiredKind) && IsNumberOrString(liveKind)
            && Quantity.TryParse(Text(desired), out var desiredQuantity)
            && Quantity.TryParse(Text(live), out var liveQuantity))
        {
            return desiredQuantity == liveQuantity;
        }

        return (desiredKind, liveKind) switch
        {
            (JsonValueKind.String, JsonValueKind.String) => Text(desired) == Text(live),
            (JsonValueKind.True or JsonValueKind.False, _) => desiredKind == liveKind,
            (JsonValueKind.Number or JsonValueKind.String, JsonValueKind.Number or JsonValueKind.String) => NumbersEqual(desired, live),
            _ => desiredKind == liveKind && JsonNode.DeepEquals(desired, live),
        };
    }

    /// <summary>The value as text: a string's content, or a number's JSON spelling.</summary>
    public static string Text(JsonNode value) =>
        value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();

    private static bool IsNumberOrString(JsonValueKind kind) => kind is JsonValueKind.Number or JsonValueKind.String;

    private static bool NumbersEqual(JsonNode desired, JsonNode live)
    {
        var desiredText = Text(desired);
        var liveText = Text(live);
        if (TryParseDecimal(desiredText, out var desiredNumber) && TryParseDecimal(liveText, out var liveNumber))
        {
            return desiredNumber == liveNumber;
        }

        // Numbers beyond decimal's range still compare by value; a string that is no number never equals one.
        return double.TryParse(desiredText, NumberStyles.Float, CultureInfo.InvariantCulture, out var desiredDouble)
            && double.TryParse(liveText, NumberStyles.Float, CultureInfo.InvariantCulture, out var liveDouble)
            && desiredDouble.Equals(liveDouble);
    }

    private static bool TryParseDecimal(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out value);
}
