using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fleet.Simulator.Tables;

/// <summary>
/// Evaluates the JSONPath subset CRD printer columns use: <c>.spec.replicas</c>, <c>.metadata.labels.app</c>,
/// <c>.items[0].name</c>, <c>['dotted.key']</c>, and the filter <c>[?(@.type=="Ready")]</c>; the first match wins,
/// as the API server shows only one value per cell.
/// </summary>
public static class SimpleJsonPath
{
    /// <summary>The first value <paramref name="path"/> selects in <paramref name="root"/>, or null.</summary>
    /// <param name="root">The object.</param>
    /// <param name="path">The path, with or without surrounding braces.</param>
    public static JsonNode? Evaluate(JsonNode? root, string path)
    {
        var text = path.Trim();
        if (text.StartsWith('{') && text.EndsWith('}'))
        {
            text = text[1..^1].Trim();
        }

        if (text.StartsWith('$'))
        {
            text = text[1..];
        }

        IEnumerable<JsonNode?> current = [root];
        var position = 0;
        while (position < text.Length)
        {
            if (text[position] == '[')
            {
                var end = ClosingBracket(text, position);
                if (end < 0)
                {
                    return null;
                }

                current = Bracket(current, text[(position + 1)..end].Trim());
                position = end + 1;
                continue;
            }

            // Field names follow a dot; a path may also omit the leading dot (spec.replicas).
            if (text[position] == '.')
            {
                position++;
            }

            var start = position;
            while (position < text.Length && text[position] != '.' && text[position] != '[')
            {
                position++;
            }

            var name = text[start..position];
            if (name.Length > 0)
            {
                current = current.Select(node => Child(node, name)).ToList();
            }
        }

        return current.FirstOrDefault(node => node is not null);
    }

    private static int ClosingBracket(string text, int open)
    {
        var quote = '\0';
        for (var i = open + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == ']')
            {
                return i;
            }
        }

        return -1;
    }

    private static IEnumerable<JsonNode?> Bracket(IEnumerable<JsonNode?> current, string inner)
    {
        if (inner is "*")
        {
            return current.SelectMany(node => node switch
            {
                JsonArray array => array,
                JsonObject obj => obj.Select(p => p.Value),
                _ => [],
            });
        }

        if (inner.StartsWith("?(", StringComparison.Ordinal) && inner.EndsWith(')'))
        {
            var filter = Filter.Parse(inner[2..^1]);
            return filter is null ? [] : current.OfType<JsonArray>().SelectMany(a => a.Where(filter.Matches));
        }

        if (inner.Length >= 2 && inner[0] is '\'' or '"' && inner[^1] == inner[0])
        {
            var key = inner[1..^1];
            return current.Select(node => Child(node, key));
        }

        if (int.TryParse(inner, out var index))
        {
            return current.Select(node => node is JsonArray array && Index(array, index) is { } i ? array[i] : null);
        }

        return [];
    }

    private static int? Index(JsonArray array, int index)
    {
        var actual = index < 0 ? array.Count + index : index;
        return actual >= 0 && actual < array.Count ? actual : null;
    }

    private static JsonNode? Child(JsonNode? node, string name) => node is JsonObject obj ? obj[name] : null;

    /// <summary>One comparison <c>@.a.b == literal</c> (or <c>!=</c>), or a bare existence test <c>@.a</c>.</summary>
    private sealed record Filter(string Path, string? Operator, JsonNode? Literal)
    {
        public static Filter? Parse(string expression)
        {
            foreach (var op in new[] { "==", "!=" })
            {
                var at = expression.IndexOf(op, StringComparison.Ordinal);
                if (at > 0)
                {
                    var left = expression[..at].Trim();
                    var right = expression[(at + op.Length)..].Trim();
                    return left.StartsWith('@') ? new Filter(left[1..], op, ParseLiteral(right)) : null;
                }
            }

            var bare = expression.Trim();
            return bare.StartsWith('@') ? new Filter(bare[1..], null, null) : null;
        }

        public bool Matches(JsonNode? item)
        {
            var value = Evaluate(item, Path);
            return Operator switch
            {
                null => value is not null,
                "==" => JsonNode.DeepEquals(value, Literal),
                _ => !JsonNode.DeepEquals(value, Literal),
            };
        }

        private static JsonNode? ParseLiteral(string text)
        {
            if (text.Length >= 2 && text[0] is '\'' or '"' && text[^1] == text[0])
            {
                return JsonValue.Create(text[1..^1]);
            }

            try
            {
                return JsonNode.Parse(Encoding.UTF8.GetBytes(text));
            }
            catch (JsonException)
            {
                return JsonValue.Create(text);
            }
        }
    }
}
