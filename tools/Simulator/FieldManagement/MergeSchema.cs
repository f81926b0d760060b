using System.Runtime.CompilerServices;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.FieldManagement;

/// <summary>
/// Which lists of a type are maps (and by which keys), sets or atomic, and which maps are atomic: what server-side
/// apply needs to merge objects and track field ownership. One per <see cref="ResourceType"/>, cached.
/// </summary>
public sealed class MergeSchema
{
    private static readonly ConditionalWeakTable<ResourceType, MergeSchema> Cache = [];

    /// <summary>Creates a schema whose top-level object follows <paramref name="root"/>.</summary>
    public MergeSchema(MergeNode root) => Root = root;

    /// <summary>The strategy of the top-level object.</summary>
    public MergeNode Root { get; }

    /// <summary>
    /// The schema of a type: the built-in table for built-in kinds, the CRD version's <c>openAPIV3Schema</c> for
    /// custom resources. Cached per type instance.
    /// </summary>
    public static MergeSchema For(ResourceType type) => Cache.GetValue(type, Build);

    /// <summary>
    /// The strategy at a path of field names such as <c>["spec", "template", "spec", "containers", "ports"]</c>;
    /// list items are stepped into implicitly, as strategic merge patch paths do.
    /// </summary>
    public MergeNode Resolve(IEnumerable<string> fieldNames)
    {
        var node = Root;
        foreach (var name in fieldNames)
        {
            if (node.ListType != ListType.Atomic || node.Items is not null)
            {
                node = node.Item;
            }

            node = node.Field(name);
        }

        return node;
    }

    private static MergeSchema Build(ResourceType type) =>
        new(type.IsCustom ? CustomResourceMergeSchema.From(type.Schema) : BuiltInMergeSchemas.For(type));
}
