namespace Fleet.Simulator.Model;

/// <summary>
/// The types one virtual cluster serves: the built-ins plus the versions of its established CRDs.
/// Immutable: a CRD change builds a new registry, so readers never need a lock.
/// </summary>
public sealed class ResourceTypeRegistry
{
    private readonly Dictionary<(string Group, string Version, string Plural), ResourceType> _byResource;
    private readonly Dictionary<(string Group, string Version, string Kind), ResourceType> _byKind;

    public static ResourceTypeRegistry BuiltIn { get; } = new(BuiltInTypes.All);

    public ResourceTypeRegistry(IEnumerable<ResourceType> types)
    {
        Types = [.. types];
        _byResource = Types.ToDictionary(t => (t.Group, t.Version, t.Plural));
        _byKind = Types.ToDictionary(t => (t.Group, t.Version, t.Kind));
    }

    /// <summary>Every served type, built-ins first.</summary>
    public IReadOnlyList<ResourceType> Types { get; }

    /// <summary>The groups served, each with its versions in preference order; the core group is <c>""</c>.</summary>
    public IEnumerable<IGrouping<string, ResourceType>> ByGroup() => Types.GroupBy(t => t.Group);

    public ResourceType? Find(string group, string version, string plural) =>
        _byResource.GetValueOrDefault((group, version, plural));

    public ResourceType? FindKind(string group, string version, string kind) =>
        _byKind.GetValueOrDefault((group, version, kind));

    /// <summary>A registry with the given custom types replacing those of the same group and plural.</summary>
    public ResourceTypeRegistry WithCustomTypes(string group, string plural, IEnumerable<ResourceType> versions) =>
        new(Types.Where(t => !(t.IsCustom && t.Group == group && t.Plural == plural)).Concat(versions));
}
