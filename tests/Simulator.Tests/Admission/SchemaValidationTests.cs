using System.Text.Json.Nodes;
using Fleet.Simulator.Admission;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Tests.Admission;

public class SchemaValidationTests
{
    private static readonly ResourceType Widget = new()
    {
        Group = "example.com",
        Version = "v1",
        Kind = "Widget",
        Plural = "widgets",
        Singular = "widget",
        Namespaced = true,
        IsCustom = true,
        Schema = JsonNode.Parse("""
            {"type":"object","required":["spec"],
             "properties":{"spec":{"type":"object","required":["size"],
                 "properties":{"size":{"type":"integer"},"color":{"type":"string","enum":["red","blue"]},
                               "tags":{"type":"array","items":{"type":"string"}},
                               "enabled":{"type":"boolean"}}}}}
            """)!.AsObject(),
    };

    private static IReadOnlyList<FieldError> Validate(string json) => Validator.Validate(Widget, JsonNode.Parse(json)!.AsObject());

    [Fact]
    public void Validate_ConformingObject_ReturnsNoErrors() =>
        Assert.Empty(Validate("""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":3,"color":"red","tags":["a"],"enabled":true}}"""));

    [Fact]
    public void Validate_MissingRequired_IsFieldValueRequired()
    {
        Assert.Equal(FieldError.Required("spec"), Assert.Single(Validate("""{"metadata":{"name":"w"}}""")));
        Assert.Equal(FieldError.Required("spec.size"), Assert.Single(Validate("""{"metadata":{"name":"w"},"spec":{}}""")));
    }

    [Fact]
    public void Validate_TypeMismatch_GivesServerMessage()
    {
        var error = Assert.Single(Validate("""{"metadata":{"name":"w"},"spec":{"size":"big"}}"""));
        Assert.Equal(new FieldError(FieldErrorReasons.Invalid, "spec.size", "Invalid value: \"string\": spec.size in body must be of type integer: \"string\""), error);
    }

    [Fact]
    public void Validate_ArrayItemAndEnum_ReportPaths()
    {
        var errors = Validate("""{"metadata":{"name":"w"},"spec":{"size":1,"color":"green","tags":["a",2],"enabled":"yes"}}""");

        Assert.Contains(new FieldError(FieldErrorReasons.NotSupported, "spec.color", "Unsupported value: \"green\": supported values: \"red\", \"blue\""), errors);
        Assert.Contains(errors, e => e.Field == "spec.tags[1]" && e.Message.EndsWith("must be of type string: \"integer\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "spec.enabled" && e.Reason == FieldErrorReasons.Invalid);
    }

    [Fact]
    public void FormatInvalidMessage_CustomResource_UsesGroupKind()
    {
        var errors = Validate("""{"metadata":{"name":"w"},"spec":{}}""");
        Assert.Equal("Widget.example.com \"w\" is invalid: spec.size: Required value", Validator.FormatInvalidMessage(Widget, "w", errors));
    }
}
