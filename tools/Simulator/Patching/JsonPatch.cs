using System.Text.Json.Nodes;
using Fleet.Simulator.Http;

namespace Fleet.Simulator.Patching;

/// <summary>JSON patch (RFC 6902): add, remove, replace, move, copy and test operations on JSON pointers.</summary>
public static class JsonPatch
{
    public static JsonNode Apply(JsonNode target, JsonNode patch)
    {
        if (patch is not JsonArray operations)
        {
            throw ApiError.BadRequest("json patch must be a JSON array of operations");
        }
        var document = target.DeepClone();
        foreach (var operation in operations)
        {
            if (operation is not JsonObject op || op["op"]?.GetValue<string>() is not string name || op["path"]?.GetValue<string>() is not string path)
            {
                throw ApiError.BadRequest("json patch operation needs \"op\" and \"path\"");
            }
            switch (name)
            {
                case "add":
                    document = Add(document, path, Value(op));
                    break;
                case "remove":
                    Remove(document, path);
                    break;
                case "replace":
                    Remove(document, path);
                    document = Add(document, path, Value(op));
                    break;
                case "move":
                    var moved = Find(document, From(op)).DeepClone();
                    Remove(document, From(op));
                    document = Add(document, path, moved);
                    break;
                case "copy":
                    document = Add(document, path, Find(document, From(op)).DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Find(document, path), op["value"]))
                    {
                        throw new ApiError(422, "Invalid", $"the json patch test operation failed at {path}");
                    }
                    break;
                default:
                    throw ApiError.BadRequest($"unknown json patch operation \"{name}\"");
            }
        }
        return document;
    }

    private static JsonNode? Value(JsonObject op) =>
        op.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : throw ApiError.BadRequest("json patch operation needs \"value\"");

    private static string From(JsonObject op) =>
        op["from"]?.GetValue<string>() ?? throw ApiError.BadRequest("json patch operation needs \"from\"");

    private static string[] Tokens(string pointer) =>
        pointer.Length == 0 ? [] : [.. pointer.TrimStart('/').Split('/').Select(t => t.Replace("~1", "/").Replace("~0", "~"))];

    private static JsonNode Find(JsonNode document, string pointer)
    {
        var node = document;
        foreach (var token in Tokens(pointer))
        {
            node = node switch
            {
                JsonObject obj when obj[token] is JsonNode child => child,
                JsonArray array when int.TryParse(token, out var i) && i >= 0 && i < array.Count && array[i] is JsonNode item => item,
                _ => throw new ApiError(422, "Invalid", $"the json patch path {pointer} does not exist"),
            };
        }
        return node;
    }

    private static JsonNode Add(JsonNode document, string pointer, JsonNode? value)
    {
        var tokens = Tokens(pointer);
        if (tokens.Length == 0)
        {
            return value ?? throw ApiError.BadRequest("json patch cannot replace the document with null");
        }
        var parent = ParentOf(document, tokens);
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array when last == "-":
                array.Add(value);
                break;
            case JsonArray array when int.TryParse(last, out var i) && i >= 0 && i <= array.Count:
                array.Insert(i, value);
                break;
            default:
                throw new ApiError(422, "Invalid", $"the json patch path {pointer} does not exist");
        }
        return document;
    }

    private static void Remove(JsonNode document, string pointer)
    {
        var tokens = Tokens(pointer);
        if (tokens.Length == 0)
        {
            throw new ApiError(422, "Invalid", "the json patch cannot remove the whole document");
        }
        var parent = ParentOf(document, tokens);
        var last = tokens[^1];
        var removed = parent switch
        {
            JsonObject obj => obj.Remove(last),
            JsonArray array when int.TryParse(last, out var i) && i >= 0 && i < array.Count => RemoveAt(array, i),
            _ => false,
        };
        if (!removed)
        {
            throw new ApiError(422, "Invalid", $"the json patch path {pointer} does not exist");
        }
    }

    private static bool RemoveAt(JsonArray array, int index)
    {
        array.RemoveAt(index);
        return true;
    }

    private static JsonNode ParentOf(JsonNode document, string[] tokens) =>
        tokens.Length == 1 ? document : Find(document, "/" + string.Join('/', tokens[..^1].Select(Escape)));

    private static string Escape(string token) => token.Replace("~", "~0").Replace("/", "~1");
}
