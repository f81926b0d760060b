using System.Text.Json.Nodes;
using Fleet.Kubernetes.Quantities;
using Fleet.Simulator.Admission;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Tests.Admission;

public class ValidatorTests
{
    private const string SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject Deployment(string name = "web", string image = "nginx:1.27", string templateApp = "web") => Parse($$$"""
        {"metadata":{"name":"{{{name}}}"},
         "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":{"app":"{{{templateApp}}}"}},
                             "spec":{"containers":[{"name":"web","image":"{{{image}}}"}] } } } }
        """);

    private static IReadOnlyList<FieldError> Validate(ResourceType type, JsonObject obj)
    {
        Defaulter.Apply(type, obj);
        return Validator.Validate(type, obj);
    }

    [Fact]
    public void Validate_ValidDeployment_ReturnsNoErrors() =>
        Assert.Empty(Validate(BuiltInTypes.Deployment, Deployment()));

    [Fact]
    public void Validate_BadName_GivesServerMessage()
    {
        var errors = Validate(BuiltInTypes.Deployment, Deployment(name: "Bad_Name"));

        var error = Assert.Single(errors);
        Assert.Equal(FieldErrorReasons.Invalid, error.Reason);
        Assert.Equal("metadata.name", error.Field);
        Assert.Equal("Invalid value: \"Bad_Name\": " + SubdomainMessage, error.Message);
        Assert.Equal("Deployment.apps \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": " + SubdomainMessage,
            Validator.FormatInvalidMessage(BuiltInTypes.Deployment, "Bad_Name", errors));
    }

    [Fact]
    public void Validate_MissingImage_IsRequired()
    {
        var errors = Validate(BuiltInTypes.Deployment, Deployment(image: ""));

        var error = Assert.Single(errors);
        Assert.Equal(new FieldError(FieldErrorReasons.Required, "spec.template.spec.containers[0].image", "Required value"), error);
    }

    [Fact]
    public void Validate_SelectorMismatch_GivesServerMessage()
    {
        var error = Assert.Single(Validate(BuiltInTypes.Deployment, Deployment(templateApp: "api")));

        Assert.Equal("spec.template.metadata.labels", error.Field);
        Assert.Equal("Invalid value: map[string]string{\"app\":\"api\"}: `selector` does not match template `labels`", error.Message);
    }

    [Fact]
    public void FormatInvalidMessage_SeveralErrors_JoinsInBrackets()
    {
        var obj = Deployment(name: "web", image: "");
        obj["spec"]!["replicas"] = -1;
        var errors = Validate(BuiltInTypes.Deployment, obj);

        Assert.Equal(2, errors.Count);
        Assert.Equal(
            "Deployment.apps \"web\" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.template.spec.containers[0].image: Required value]",
            Validator.FormatInvalidMessage(BuiltInTypes.Deployment, "web", errors));
    }

    [Fact]
    public void Validate_MissingSelectorAndContainers_ReportsEach()
    {
        var obj = Parse("""{"metadata":{"name":"web"},"spec":{"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[]}}}}""");
        var errors = Validate(BuiltInTypes.Deployment, obj);

        Assert.Contains(FieldError.Required("spec.selector"), errors);
        Assert.Contains(FieldError.Required("spec.template.spec.containers"), errors);
        Assert.Contains(errors, e => e.Field == "spec.template.metadata.labels" && e.Message.Contains("does not match", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DuplicateAndBadContainerNames_AreReported()
    {
        var obj = Deployment();
        var containers = obj["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        containers.Add(Parse("""{"name":"web","image":"x:1"}"""));
        containers.Add(Parse("""{"name":"Side_Car","image":"x:1"}"""));
        var errors = Validate(BuiltInTypes.Deployment, obj);

        Assert.Contains(new FieldError(FieldErrorReasons.Duplicate, "spec.template.spec.containers[1].name", "Duplicate value: \"web\""), errors);
        Assert.Contains(errors, e => e.Field == "spec.template.spec.containers[2].name"
            && e.Message.StartsWith("Invalid value: \"Side_Car\": a lowercase RFC 1123 label must consist of", StringComparison.Ordinal)
            && e.Message.Contains("(e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NamespaceName_UsesRfc1123LabelRules()
    {
        var errors = Validator.Validate(BuiltInTypes.Namespace, Parse("""{"metadata":{"name":"team.a"}}"""));
        var error = Assert.Single(errors);
        Assert.StartsWith("Invalid value: \"team.a\": a lowercase RFC 1123 label must consist of", error.Message, StringComparison.Ordinal);

        var tooLong = new string('a', 64);
        var longErrors = Validator.Validate(BuiltInTypes.Namespace, Parse($$$"""{"metadata":{"name":"{{{tooLong}}}"}}"""));
        Assert.Equal($"Invalid value: \"{tooLong}\": must be no more than 63 characters", Assert.Single(longErrors).Message);
    }

    [Fact]
    public void Validate_ServiceName_UsesRfc1035LabelRules()
    {
        var service = Parse("""{"metadata":{"name":"1web","namespace":"a"},"spec":{"ports":[{"port":80}]}}""");
        var error = Assert.Single(Validate(BuiltInTypes.Service, service));
        Assert.Equal(
            "Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
            error.Message);
    }

    [Fact]
    public void Validate_ServicePorts_OutOfRangeAndUnnamed()
    {
        var service = Parse("""{"metadata":{"name":"web","namespace":"a"},"spec":{"ports":[{"port":0},{"port":70000}]}}""");
        var errors = Validate(BuiltInTypes.Service, service);

        Assert.Contains(new FieldError(FieldErrorReasons.Invalid, "spec.ports[0].port", "Invalid value: 0: must be between 1 and 65535, inclusive"), errors);
        Assert.Contains(new FieldError(FieldErrorReasons.Invalid, "spec.ports[1].port", "Invalid value: 70000: must be between 1 and 65535, inclusive"), errors);
        Assert.Contains(FieldError.Required("spec.ports[0].name"), errors);
    }

    [Fact]
    public void Validate_EmptyName_IsRequired()
    {
        var error = Assert.Single(Validator.Validate(BuiltInTypes.ConfigMap, Parse("""{"metadata":{}}""")));
        Assert.Equal(new FieldError(FieldErrorReasons.Required, "metadata.name", "Required value: name or generateName is required"), error);
    }

    [Fact]
    public void Validate_BadLabelKeyAndValue_AreReported()
    {
        var cm = Parse("""{"metadata":{"name":"c","labels":{"bad key":"ok","ok":"bad value!"}}}""");
        var errors = Validator.Validate(BuiltInTypes.ConfigMap, cm);

        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal("metadata.labels", e.Field));
        Assert.StartsWith("Invalid value: \"bad key\": name part must consist of alphanumeric characters", errors[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("Invalid value: \"bad value!\": a valid label must be an empty string", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ConfigMapKey_IsChecked()
    {
        var error = Assert.Single(Validator.Validate(BuiltInTypes.ConfigMap, Parse("""{"metadata":{"name":"c"},"data":{"a b":"x","ok.key":"y"}}""")));
        Assert.Equal("data[a b]", error.Field);
        Assert.Equal(
            "Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
            error.Message);
    }

    [Fact]
    public void Validate_InvalidQuantity_IsInvalidValue()
    {
        var obj = Deployment();
        obj["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"] = Parse("""{"limits":{"cpu":"lots"}}""");
        var error = Assert.Single(Validate(BuiltInTypes.Deployment, obj));
        Assert.Equal("spec.template.spec.containers[0].resources.limits[cpu]", error.Field);
        Assert.Equal("Invalid value: \"lots\": " + Quantity.FormatMessage, error.Message);
    }

    [Fact]
    public void Validate_JobWithRestartAlways_IsNotSupported()
    {
        var job = Parse("""{"metadata":{"name":"j","uid":"u"},"spec":{"template":{"spec":{"containers":[{"name":"c","image":"x:1"}]}}}}""");
        var error = Assert.Single(Validate(BuiltInTypes.Job, job));
        Assert.Equal(new FieldError(FieldErrorReasons.NotSupported, "spec.template.spec.restartPolicy",
            "Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\""), error);
    }

    [Fact]
    public void Validate_ClaimWithoutModesOrStorage_IsRequired()
    {
        var errors = Validate(BuiltInTypes.PersistentVolumeClaim, Parse("""{"metadata":{"name":"c"},"spec":{}}"""));
        Assert.Contains(FieldError.Required("spec.accessModes", "at least 1 access mode is required"), errors);
        Assert.Contains(FieldError.Required("spec.resources[storage]"), errors);
    }

    [Fact]
    public void Validate_AutoscalerMaxBelowMin_GivesServerMessage()
    {
        var hpa = Parse("""{"metadata":{"name":"web"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"minReplicas":4,"maxReplicas":2}}""");

        var error = Assert.Single(Validate(BuiltInTypes.HorizontalPodAutoscaler, hpa));

        Assert.Equal("spec.maxReplicas", error.Field);
        Assert.Equal("Invalid value: 2: must be greater than or equal to `minReplicas`", error.Message);
    }

    [Fact]
    public void Validate_AutoscalerWithoutTargetOrMax_ListsEachError()
    {
        var errors = Validate(BuiltInTypes.HorizontalPodAutoscaler, Parse("""{"metadata":{"name":"web"},"spec":{}}"""));

        Assert.Equal(["spec.scaleTargetRef.kind", "spec.scaleTargetRef.name", "spec.maxReplicas"], errors.Select(e => e.Field));
    }
}
