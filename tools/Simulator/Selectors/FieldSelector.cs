using Fleet.Simulator.Http;

namespace Fleet.Simulator.Selectors;

/// <summary>A parsed <c>fieldSelector</c>: only <c>metadata.name</c> and <c>metadata.namespace</c>, with =, == or !=.</summary>
public sealed class FieldSelector
{
    private sealed record Term(string Field, bool Equal, string Value);

    private readonly IReadOnlyList<Term> _terms;

    private FieldSelector(IReadOnlyList<Term> terms) => _terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    /// <summary>The name an equality term pins, if any: lets a get-by-name style watch skip other objects cheaply.</summary>
    public string? ExactName => _terms.FirstOrDefault(t => t.Field == "metadata.name" && t.Equal)?.Value;

    public static FieldSelector Parse(string? text, bool namespaced)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }
        var terms = new List<Term>();
        foreach (var raw in text.Split(','))
        {
            var part = raw.Trim();
            var (at, length, equal) = part.IndexOf("!=", StringComparison.Ordinal) is var ne and > 0 ? (ne, 2, false)
                : part.IndexOf("==", StringComparison.Ordinal) is var ee and > 0 ? (ee, 2, true)
                : part.IndexOf('=') is var e and > 0 ? (e, 1, true)
                : throw ApiError.BadRequest($"invalid selector: '{text}'; can't understand '{part}'");
            var field = part[..at].Trim();
            if (field != "metadata.name" && !(namespaced && field == "metadata.namespace"))
            {
                var known = namespaced ? "\"metadata.name\", \"metadata.namespace\"" : "\"metadata.name\"";
                throw ApiError.BadRequest($"\"{field}\" is not a known field selector: only {known}");
            }
            terms.Add(new Term(field, equal, part[(at + length)..].Trim()));
        }
        return new FieldSelector(terms);
    }

    public bool Matches(string name, string? ns) => _terms.All(t =>
    {
        var actual = t.Field == "metadata.name" ? name : ns ?? "";
        return (actual == t.Value) == t.Equal;
    });
}
