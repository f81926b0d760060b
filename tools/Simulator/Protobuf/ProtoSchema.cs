namespace Fleet.Simulator.Protobuf;

/// <summary>How a protobuf field becomes JSON.</summary>
public enum ProtoKind
{
    String,
    Int,
    Bool,
    /// <summary>Bytes, written as base64 (Secret data, ConfigMap binaryData).</summary>
    Bytes,
    Message,
    /// <summary>A map with string keys and string values.</summary>
    StringMap,
    /// <summary>A map with string keys and bytes values, written as base64.</summary>
    BytesMap,
    /// <summary>A map with string keys and Quantity values (resource requests and limits).</summary>
    QuantityMap,
    /// <summary>meta.v1.Time: seconds and nanos, written as RFC 3339.</summary>
    Time,
    /// <summary>intstr.IntOrString: type 0 int, 1 string.</summary>
    IntOrString,
}

/// <summary>One field of a message: its JSON name, how it decodes, whether it repeats, and the message it holds.</summary>
/// <param name="Json">The JSON field name.</param>
/// <param name="Kind">How the value decodes.</param>
/// <param name="Repeated">A list.</param>
/// <param name="Message">The message a <see cref="ProtoKind.Message"/> field holds.</param>
/// <param name="Optional">
/// A pointer field in the Go type: written only when set, so a zero value means zero. Other scalar fields are written
/// even when zero, where JSON leaves them out (omitempty): the decoder drops their zero values.
/// </param>
public sealed record ProtoField(string Json, ProtoKind Kind, bool Repeated = false, ProtoMessage? Message = null, bool Optional = false);

/// <summary>
/// A message of the Kubernetes protobuf encoding, as field numbers to JSON fields. Only what kubectl's imperative
/// commands send is described; the decoder skips any other field, as a reader of an older schema does.
/// </summary>
public sealed class ProtoMessage(string name)
{
    private readonly Dictionary<int, ProtoField> _fields = [];

    public string Name { get; } = name;

    public ProtoMessage Add(int number, string json, ProtoKind kind, bool repeated = false, ProtoMessage? message = null, bool optional = false)
    {
        _fields[number] = new ProtoField(json, kind, repeated, message, optional);
        return this;
    }

    public ProtoField? Field(int number) => _fields.GetValueOrDefault(number);
}
