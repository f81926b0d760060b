using Fleet.Simulator.Http;
using Fleet.Simulator.Protobuf;
using Google.Protobuf;

namespace Fleet.Simulator.Tests.Protobuf;

public sealed class ProtoDecoderTests
{
    // The envelope kubectl sends: magic, then runtime.Unknown {typeMeta: {apiVersion, kind}, raw}.
    private static byte[] Envelope(string apiVersion, string kind, byte[] raw)
    {
        var typeMeta = new MemoryStream();
        using (var output = new CodedOutputStream(typeMeta, leaveOpen: true))
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteString(apiVersion);
            output.WriteTag(2, WireFormat.WireType.LengthDelimited);
            output.WriteString(kind);
        }
        var body = new MemoryStream();
        body.Write([0x6b, 0x38, 0x73, 0x00]);
        using (var output = new CodedOutputStream(body, leaveOpen: true))
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(typeMeta.ToArray()));
            output.WriteTag(2, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(raw));
        }
        return body.ToArray();
    }

    [Fact]
    public void DecodeObject_WithoutTheMagic_IsABadRequest()
    {
        var error = Assert.Throws<ApiError>(() => ProtoDecoder.DecodeObject("{}"u8.ToArray()));

        Assert.Equal(400, error.Code);
    }

    [Fact]
    public void DecodeObject_KindWithoutASchema_IsUnsupportedAndNamesWhatIs()
    {
        var error = Assert.Throws<ApiError>(() => ProtoDecoder.DecodeObject(Envelope("v1", "Pod", [])));

        Assert.Equal(415, error.Code);
        Assert.Contains("v1/Namespace", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeObject_Namespace_ReadsMetadataAndLeavesZeroScalarsOut()
    {
        var metadata = new MemoryStream();
        using (var output = new CodedOutputStream(metadata, leaveOpen: true))
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteString("shop");
            output.WriteTag(2, WireFormat.WireType.LengthDelimited);
            output.WriteString("");
            output.WriteTag(7, WireFormat.WireType.Varint);
            output.WriteInt64(0);
        }
        var raw = new MemoryStream();
        using (var output = new CodedOutputStream(raw, leaveOpen: true))
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(metadata.ToArray()));
        }

        var obj = ProtoDecoder.DecodeObject(Envelope("v1", "Namespace", raw.ToArray()));

        Assert.Equal("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop"}}""", obj.ToJsonString());
    }
}
