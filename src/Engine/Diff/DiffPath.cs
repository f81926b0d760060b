using System.Text.Json;

namespace Fleet.Engine.Diff;

/// <summary>Builds the field paths used in <see cref="FieldDifference"/>.</summary>
internal static class DiffPath
{
    /// <summary>The path of the whole object.</summary>
    public const string Root = ".";

    /// <summary>The path of field <paramref name="name"/> of the object at <paramref name="parent"/>.</summary>
    public static string Field(string parent, string name)
    {
        var prefix = parent == Root ? "" : parent;
        return IsPlainName(name) ? $"{prefix}.{name}" : $"{prefix}[{JsonSerializer.Serialize(name)}]";
    }

    /// <summary>The path of a list item, given its selector such as <c>[name=web]</c>.</summary>
    public static string Item(string parent, string selector) => (parent == Root ? "" : parent) + selector;

    /// <summary>True when <paramref name="path"/> is <paramref name="ancestor"/> or lies beneath it.</summary>
    public static bool IsWithin(string path, string ancestor) =>
        ancestor == Root
        || path == ancestor
        || (path.StartsWith(ancestor, StringComparison.Ordinal) && path[ancestor.Length] is '.' or '[');

    private static bool IsPlainName(string name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-'))
            {
                return false;
            }
        }
        return name.Length > 0;
    }
}

/// <summary>
/// Where a compared node is: its parent's path and its field name, or a path of its own when <see cref="Field"/> is
/// null. Most fields compare equal and need no path, so the text is only built when a difference is recorded or a
/// walk goes deeper.
/// </summary>
internal readonly record struct NodePath(string Parent, string? Field)
{
    public static NodePath At(string path) => new(path, null);

    public string Value => Field is null ? Parent : DiffPath.Field(Parent, Field);
}
