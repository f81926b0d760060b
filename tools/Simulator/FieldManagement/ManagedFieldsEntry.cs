using System.Globalization;
using System.Text.Json.Nodes;

namespace Fleet.Simulator.FieldManagement;

/// <summary>
/// One entry of <c>metadata.managedFields</c>: a manager's operation and the fields it owns. An untouched entry is
/// written back exactly as it was read.
/// </summary>
internal sealed class ManagedFieldsEntry
{
    /// <summary>The operation of server-side apply.</summary>
    public const string Apply = "Apply";

    /// <summary>The operation of every other write.</summary>
    public const string Update = "Update";

    private JsonObject? _original;
    private FieldSet _fields = new();

    /// <summary>The manager's name: the field manager, or the User-Agent's first segment.</summary>
    public required string Manager { get; init; }

    /// <summary><see cref="Apply"/> or <see cref="Update"/>.</summary>
    public required string Operation { get; init; }

    /// <summary>The apiVersion the manager wrote with.</summary>
    public string? ApiVersion
    {
        get;
        set
        {
            if (value != field)
            {
                _original = null;
            }

            field = value;
        }
    }

    /// <summary>The subresource written through, such as <c>status</c>; null for the main resource.</summary>
    public string? Subresource { get; init; }

    /// <summary>When the manager last changed the object, as written on the wire.</summary>
    public string? Time { get; private set; }

    /// <summary>The fields this entry owns.</summary>
    public FieldSet Fields
    {
        get => _fields;
        set
        {
            if (!value.SetEquals(_fields))
            {
                _original = null;
            }

            _fields = value;
        }
    }

    /// <summary>
    /// How the API server tells managers apart: manager and operation, the subresource, and for updates the
    /// apiVersion. Written as the JSON it builds, so sorting by it sorts as the server does.
    /// </summary>
    public string Identity => IdentityOf(Manager, Operation, ApiVersion, Subresource);

    /// <summary>The identity of a manager; see <see cref="Identity"/>.</summary>
    public static string IdentityOf(string manager, string operation, string? apiVersion, string? subresource)
    {
        var id = new JsonObject { ["manager"] = manager, ["operation"] = operation };
        if (operation != Apply && !string.IsNullOrEmpty(apiVersion))
        {
            id["apiVersion"] = apiVersion;
        }

        if (!string.IsNullOrEmpty(subresource))
        {
            id["subresource"] = subresource;
        }

        return id.ToJsonString();
    }

    /// <summary>Records that this entry's manager wrote now.</summary>
    public void Touch(DateTimeOffset now)
    {
        Time = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        _original = null;
    }

    /// <summary>The entries of <c>metadata.managedFields</c> of <paramref name="obj"/>, in order; unreadable entries are skipped.</summary>
    public static List<ManagedFieldsEntry> ReadAll(JsonObject? obj)
    {
        var entries = new List<ManagedFieldsEntry>();
        if (obj?["metadata"]?["managedFields"] is not JsonArray array)
        {
            return entries;
        }

        foreach (var node in array)
        {
            if (node is JsonObject json && Text(json, "manager") is { } manager && Text(json, "operation") is { } operation)
            {
                entries.Add(new ManagedFieldsEntry
                {
                    Manager = manager,
                    Operation = operation,
                    ApiVersion = Text(json, "apiVersion"),
                    Subresource = Text(json, "subresource"),
                    Time = Text(json, "time"),
                    _fields = json["fieldsV1"] is JsonObject fieldsV1 ? FieldSet.FromFieldsV1(fieldsV1) : new FieldSet(),
                    _original = json,
                });
            }
        }

        return entries;
    }

    /// <summary>Sets <c>metadata.managedFields</c> of <paramref name="obj"/> to the non-empty entries, or removes it when there are none.</summary>
    public static void WriteAll(JsonObject obj, IEnumerable<ManagedFieldsEntry> entries)
    {
        if (obj["metadata"] is not JsonObject metadata)
        {
            metadata = [];
            obj["metadata"] = metadata;
        }

        var array = new JsonArray([.. entries.Where(e => !e.Fields.IsEmpty).Select(e => e.ToJson())]);
        if (array.Count == 0)
        {
            metadata.Remove("managedFields");
        }
        else
        {
            metadata["managedFields"] = array;
        }
    }

    private JsonObject ToJson()
    {
        if (_original is not null)
        {
            return _original.DeepClone().AsObject();
        }

        // Field order as the API server writes it.
        var json = new JsonObject { ["manager"] = Manager, ["operation"] = Operation };
        if (ApiVersion is not null)
        {
            json["apiVersion"] = ApiVersion;
        }

        if (Time is not null)
        {
            json["time"] = Time;
        }

        json["fieldsType"] = "FieldsV1";
        json["fieldsV1"] = Fields.ToFieldsV1();
        if (!string.IsNullOrEmpty(Subresource))
        {
            json["subresource"] = Subresource;
        }

        return json;
    }

    private static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
