using System.Globalization;
using System.Text.Json.Nodes;
using Fleet.Simulator.Http;
using Google.Protobuf;

namespace Fleet.Simulator.Protobuf;

/// <summary>
/// Reads a Kubernetes protobuf request body (<c>application/vnd.kubernetes.protobuf</c>) into the JSON object the rest
/// of the simulator works with. The body is the envelope the API server defines: the magic bytes <c>k8s\0</c>, then a
/// runtime.Unknown message holding the TypeMeta (apiVersion, kind) and the object's own encoding.
/// </summary>
public static class ProtoDecoder
{
    private static readonly byte[] Magic = [0x6b, 0x38, 0x73, 0x00];

    public static JsonObject DecodeObject(byte[] body)
    {
        if (!body.AsSpan().StartsWith(Magic))
        {
            throw ApiError.BadRequest("the request body is not a Kubernetes protobuf object: it does not start with the k8s magic bytes");
        }
        var apiVersion = "";
        var kind = "";
        var raw = ByteString.Empty;
        var input = new CodedInputStream(body, Magic.Length, body.Length - Magic.Length);
        try
        {
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case 1:
                        (apiVersion, kind) = TypeMeta(input.ReadBytes());
                        break;
                    case 2:
                        raw = input.ReadBytes();
                        break;
                    default:
                        input.SkipLastField();
                        break;
                }
            }
            var schema = KubernetesProtoSchemas.For(apiVersion, kind)
                ?? throw ApiError.UnsupportedMediaType($"application/vnd.kubernetes.protobuf for {apiVersion} {kind} (the simulator decodes protobuf for {string.Join(", ", KubernetesProtoSchemas.Kinds)}; send JSON)");
            var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
            foreach (var (name, value) in Decode(raw, schema).ToList())
            {
                obj[name] = value?.DeepClone();
            }
            return obj;
        }
        catch (InvalidProtocolBufferException e)
        {
            throw ApiError.BadRequest($"the protobuf request body cannot be read: {e.Message}");
        }
    }

    private static (string ApiVersion, string Kind) TypeMeta(ByteString bytes)
    {
        var apiVersion = "";
        var kind = "";
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    apiVersion = input.ReadString();
                    break;
                case 2:
                    kind = input.ReadString();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }
        return (apiVersion, kind);
    }

    private static JsonObject Decode(ByteString bytes, ProtoMessage message)
    {
        var obj = new JsonObject();
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (message.Field(WireFormat.GetTagFieldNumber(tag)) is not { } field)
            {
                input.SkipLastField();
                continue;
            }
            switch (field.Kind)
            {
                case ProtoKind.StringMap or ProtoKind.BytesMap or ProtoKind.QuantityMap:
                    var map = obj[field.Json] as JsonObject ?? [];
                    obj[field.Json] = map;
                    var (key, value) = MapEntry(input.ReadBytes(), field.Kind);
                    map[key] = value;
                    break;
                case ProtoKind.String or ProtoKind.Int or ProtoKind.Bool or ProtoKind.Bytes or ProtoKind.Message or ProtoKind.Time or ProtoKind.IntOrString:
                    var read = Value(input, field);
                    if (!field.Repeated && !field.Optional && IsZero(read))
                    {
                        break;
                    }
                    if (field.Repeated)
                    {
                        var list = obj[field.Json] as JsonArray ?? [];
                        obj[field.Json] = list;
                        list.Add(read);
                    }
                    else
                    {
                        obj[field.Json] = read;
                    }
                    break;
            }
        }
        return obj;
    }

    private static bool IsZero(JsonNode? value) => value is JsonValue scalar
        && ((scalar.TryGetValue<string>(out var text) && text.Length == 0)
            || (scalar.TryGetValue<long>(out var number) && number == 0)
            || (scalar.TryGetValue<bool>(out var flag) && !flag));

    private static JsonNode? Value(CodedInputStream input, ProtoField field) => field.Kind switch
    {
        ProtoKind.String => JsonValue.Create(input.ReadString()),
        ProtoKind.Int => JsonValue.Create(input.ReadInt64()),
        ProtoKind.Bool => JsonValue.Create(input.ReadBool()),
        ProtoKind.Bytes => JsonValue.Create(input.ReadBytes().ToBase64()),
        ProtoKind.Message => Decode(input.ReadBytes(), field.Message!),
        ProtoKind.Time => Time(input.ReadBytes()),
        ProtoKind.IntOrString => IntOrString(input.ReadBytes()),
        _ => throw new InvalidOperationException($"{field.Kind} is a map, not a single value"),
    };

    // A map entry is a message with the key in field 1 and the value in field 2.
    private static (string Key, JsonNode? Value) MapEntry(ByteString bytes, ProtoKind kind)
    {
        var key = "";
        JsonNode? value = kind == ProtoKind.StringMap ? "" : null;
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    key = input.ReadString();
                    break;
                case 2 when kind == ProtoKind.StringMap:
                    value = input.ReadString();
                    break;
                case 2 when kind == ProtoKind.BytesMap:
                    value = input.ReadBytes().ToBase64();
                    break;
                case 2:
                    // resource.Quantity: its canonical text in field 1.
                    value = Decode(input.ReadBytes(), new ProtoMessage("Quantity").Add(1, "string", ProtoKind.String))["string"]?.DeepClone();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }
        return (key, value ?? "");
    }

    private static JsonNode Time(ByteString bytes)
    {
        var decoded = Decode(bytes, new ProtoMessage("Time").Add(1, "seconds", ProtoKind.Int).Add(2, "nanos", ProtoKind.Int));
        var seconds = decoded["seconds"]?.GetValue<long>() ?? 0;
        return DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    // intstr.IntOrString: type 0 with intVal in field 2, type 1 with strVal in field 3.
    private static JsonNode? IntOrString(ByteString bytes)
    {
        var decoded = Decode(bytes, new ProtoMessage("IntOrString").Add(1, "type", ProtoKind.Int).Add(2, "intVal", ProtoKind.Int).Add(3, "strVal", ProtoKind.String));
        return decoded["type"]?.GetValue<long>() == 1 ? decoded["strVal"]?.DeepClone() : JsonValue.Create(decoded["intVal"]?.GetValue<long>() ?? 0);
    }
}
