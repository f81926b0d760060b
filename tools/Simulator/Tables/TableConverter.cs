using System.Text.Json.Nodes;
using Fleet.Simulator.Discovery;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Tables;

/// <summary>What each Table row carries besides its cells (the <c>includeObject</c> query parameter).</summary>
public enum TableObjectMode
{
    /// <summary>No object.</summary>
    None,

    /// <summary>A PartialObjectMetadata with the object's metadata (the default).</summary>
    Metadata,

    /// <summary>The full object.</summary>
    Object,
}

/// <summary>Renders stored objects as the server-side <c>Table</c> that <c>kubectl get</c> prints.</summary>
public static class TableConverter
{
    /// <summary>True when the Accept header asks for a meta.k8s.io Table (v1 or v1beta1), as <c>kubectl get</c> does.</summary>
    /// <param name="acceptHeader">The raw request header.</param>
    public static bool WantsTable(string? acceptHeader) =>
        AcceptHeader.HasJsonRange(acceptHeader, ("as", "Table"), ("g", "meta.k8s.io"), ("v", "v1"))
        || AcceptHeader.HasJsonRange(acceptHeader, ("as", "Table"), ("g", "meta.k8s.io"), ("v", "v1beta1"));

    /// <summary>
    /// A Table of <paramref name="objects"/> (a list, or one object), rows in input order.
    /// </summary>
    /// <param name="type">The objects' type, which picks the columns.</param>
    /// <param name="objects">The full stored objects.</param>
    /// <param name="resourceVersion">The list's (or object's) resourceVersion.</param>
    /// <param name="mode">What each row carries besides its cells.</param>
    /// <param name="includeColumnDefinitions">False for the second and later tables of a watch.</param>
    /// <param name="now">The time ages are computed at.</param>
    public static JsonObject ToTable(ResourceType type, IEnumerable<JsonObject> objects, string resourceVersion,
        TableObjectMode mode, bool includeColumnDefinitions, DateTimeOffset now)
    {
        var columns = ResourceColumns.For(type);
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var row = new JsonObject { ["cells"] = new JsonArray([.. columns.Select(c => c.Cell(obj, now))]) };
            var rowObject = RowObject(obj, mode);
            if (rowObject is not null)
            {
                row["object"] = rowObject;
            }

            rows.Add(row);
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
            ["columnDefinitions"] = includeColumnDefinitions ? new JsonArray([.. columns.Select(c => c.Definition())]) : new JsonArray(),
            ["rows"] = rows,
        };
    }

    private static JsonObject? RowObject(JsonObject obj, TableObjectMode mode) => mode switch
    {
        TableObjectMode.Object => obj.DeepClone().AsObject(),
        TableObjectMode.Metadata => new JsonObject
        {
            ["kind"] = "PartialObjectMetadata",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = obj["metadata"]?.DeepClone() ?? new JsonObject(),
        },
        _ => null,
    };
}
