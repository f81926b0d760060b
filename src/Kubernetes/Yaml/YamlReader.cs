using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core.Events;
using YamlDotNet.Core;

namespace Fleet.Kubernetes.Yaml;

/// <summary>
/// Reads multi-document YAML into JSON nodes: scalars typed by the YAML 1.2 core schema, key order kept, anchors and
/// aliases (and <c>&lt;&lt;</c> merge keys) resolved, duplicate keys rejected as Kubernetes does. Every mapping's line is
/// kept so that a caller can point at the file and line of a bad object.
/// </summary>
public sealed partial class YamlReader
{
    private const string MergeKey = "<<";

    private readonly Parser _parser;
    private readonly Dictionary<string, AnchoredNode> _anchors = new(StringComparer.Ordinal);
    private readonly Dictionary<JsonNode, int> _objectLines = new(ReferenceEqualityComparer.Instance);
    // Aliases copy nodes; without caps a few lines of nested aliases ("billion laughs") expand without bound.
    private readonly YamlReadLimits _limits;
    private int _nodeCount;
    private long _byteCount;

    private YamlReader(string text, YamlReadLimits limits)
    {
        _parser = new Parser(new StringReader(text));
        _limits = limits;
    }

    /// <summary>Parses <paramref name="text"/>. Throws <see cref="YamlReadException"/> with the line of the problem.</summary>
    /// <param name="text">The YAML stream.</param>
    /// <param name="limits">How far it may expand through aliases; <see cref="YamlReadLimits.Default"/> when null.</param>
    public static YamlDocuments Read(string text, YamlReadLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new YamlReader(text, limits ?? YamlReadLimits.Default);
        try
        {
            return reader.ReadStream();
        }
        catch (YamlException exception)
        {
            throw new YamlReadException(LineOf(exception.Start), WithoutPosition(exception.Message));
        }
    }

    private YamlDocuments ReadStream()
    {
        var documents = new List<YamlDocument>();
        _parser.Consume<StreamStart>();
        while (!_parser.TryConsume<StreamEnd>(out _))
        {
            var start = _parser.Consume<DocumentStart>();

            // Anchors belong to the document that defines them.
            _anchors.Clear();
            var root = ReadNode();
            _parser.Consume<DocumentEnd>();
            var line = root is not null && _objectLines.TryGetValue(root, out var rootLine) ? rootLine : LineOf(start.Start);
            documents.Add(new YamlDocument(root, line));
        }

        return new YamlDocuments(documents, _objectLines);
    }

    private JsonNode? ReadNode()
    {
        if (_parser.TryConsume<AnchorAlias>(out var alias))
        {
            return CopyAnchor(alias);
        }

        var nodesBefore = _nodeCount;
        var bytesBefore = _byteCount;
        CountNode(_parser.Current!.Start);
        JsonNode? node;
        NodeEvent nodeEvent;
        if (_parser.TryConsume<Scalar>(out var scalar))
        {
            nodeEvent = scalar;
            CountBytes(scalar.Value, scalar.Start);
            node = ReadScalar(scalar);
        }
        else if (_parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            nodeEvent = sequenceStart;
            node = ReadSequence();
        }
        else
        {
            var mappingStart = _parser.Consume<MappingStart>();
            nodeEvent = mappingStart;
            node = ReadMapping(LineOf(mappingStart.Start));
        }

        if (!nodeEvent.Anchor.IsEmpty)
        {
            _anchors[nodeEvent.Anchor.Value] = new AnchoredNode(node, _nodeCount - nodesBefore, _byteCount - bytesBefore);
        }

        return node;
    }

    private static JsonNode? ReadScalar(Scalar scalar)
    {
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.IsNonSpecific ? "tag:yaml.org,2002:str" : scalar.Tag.Value;
        try
        {
            return YamlScalars.ToJson(scalar.Value, scalar.Style == ScalarStyle.Plain, tag);
        }
        catch (FormatException exception)
        {
            throw new YamlReadException(LineOf(scalar.Start), exception.Message);
        }
    }

    private JsonArray ReadSequence()
    {
        var array = new JsonArray();
        while (!_parser.TryConsume<SequenceEnd>(out _))
        {
            array.Add(ReadNode());
        }

        return array;
    }

    private JsonObject ReadMapping(int line)
    {
        var mapping = new JsonObject();
        _objectLines[mapping] = line;
        var explicitKeys = new HashSet<string>(StringComparer.Ordinal);
        var merged = new List<JsonNode?>();
        while (!_parser.TryConsume<MappingEnd>(out _))
        {
            var keyStart = _parser.Current!.Start;
            if (!_parser.TryConsume<Scalar>(out var key))
            {
                throw new YamlReadException(LineOf(keyStart), "a mapping key must be a plain value, not a list or a mapping.");
            }

            if (key.Value == MergeKey && key.Style == ScalarStyle.Plain)
            {
                merged.Add(ReadNode());
                continue;
            }

            CountBytes(key.Value, key.Start);
            if (!explicitKeys.Add(key.Value))
            {
                throw new YamlReadException(LineOf(key.Start), $"the key '{key.Value}' appears twice in the same mapping; remove one of them.");
            }

            mapping[key.Value] = ReadNode();
        }

        // Merged keys never override keys written out in the mapping itself, wherever the "<<" appears.
        foreach (var source in merged)
        {
            MergeInto(mapping, explicitKeys, source, line);
        }

        return mapping;
    }

    private static void MergeInto(JsonObject mapping, HashSet<string> explicitKeys, JsonNode? source, int line)
    {
        var sources = source switch
        {
            JsonObject single => [single],
            JsonArray many when many.All(item => item is JsonObject) => many.Cast<JsonObject>().ToArray(),
            _ => throw new YamlReadException(line, "a '<<' merge key needs a mapping or a list of mappings (usually an alias like *defaults)."),
        };

        foreach (var from in sources)
        {
            foreach (var (name, value) in from)
            {
                if (!explicitKeys.Contains(name) && !mapping.ContainsKey(name))
                {
                    mapping[name] = value?.DeepClone();
                }
            }
        }
    }

    private JsonNode? CopyAnchor(AnchorAlias alias)
    {
        if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
        {
            throw new YamlReadException(LineOf(alias.Start), $"the alias *{alias.Value.Value} refers to no anchor defined before it in this document.");
        }

        _nodeCount += anchored.Size;
        _byteCount += anchored.Bytes;
        CheckNodeCount(alias.Start);
        CheckByteCount(alias.Start);
        return anchored.Node?.DeepClone();
    }

    private void CountNode(Mark at)
    {
        _nodeCount++;
        CheckNodeCount(at);
    }

    private void CheckNodeCount(Mark at)
    {
        if (_nodeCount > _limits.MaxNodes)
        {
            throw new YamlReadException(LineOf(at), $"the document expands to more than {_limits.MaxNodes:N0} values (through aliases); simplify it.");
        }
    }

    private void CountBytes(string text, Mark at)
    {
        _byteCount += Encoding.UTF8.GetByteCount(text);
        CheckByteCount(at);
    }

    private void CheckByteCount(Mark at)
    {
        if (_byteCount > _limits.MaxExpandedBytes)
        {
            throw new YamlReadException(LineOf(at),
                $"the YAML expands to more than {Size(_limits.MaxExpandedBytes)} of keys and values (each use of an alias counts), the limit; make it smaller.");
        }
    }

    private static string Size(long bytes) =>
        bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes:N0} bytes";

    private static int LineOf(Mark mark) => (int)Math.Min(mark.Line, int.MaxValue);

    // YamlDotNet prefixes its messages with "(Line: 3, Col: 1, Idx: 20) - (Line: ...): "; the caller reports the line itself.
    private static string WithoutPosition(string message) => PositionPrefix().Replace(message, "");

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ", RegexOptions.CultureInvariant)]
    private static partial Regex PositionPrefix();

    private sealed record AnchoredNode(JsonNode? Node, int Size, long Bytes);
}
