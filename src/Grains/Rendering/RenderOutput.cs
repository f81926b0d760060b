using System.Text;

namespace Fleet.Grains.Rendering;

/// <summary>
/// Collects what one render produces as it reads its sources: the manifests in source order, the errors, and
/// whether any cluster variable was used. <see cref="ToResult"/> applies the all-or-nothing rule. It stops taking
/// manifests once the render passes a limit of <see cref="RenderLimits"/>.
/// </summary>
internal sealed class RenderOutput(ClusterVariables variables, RenderLimits limits)
{
    private readonly List<SourcedManifest> _manifests = [];
    private readonly List<RenderError> _errors = [];
    private bool _usesClusterVariables;
    private long _bytes;

    /// <summary>True once the render passed a limit: reading more sources would only spend memory on a failed render.</summary>
    public bool LimitReached { get; private set; }

    /// <summary>The limits this render is held to.</summary>
    public RenderLimits Limits => limits;

    /// <summary>The errors so far; add to it to record one.</summary>
    public List<RenderError> Errors => _errors;

    /// <summary>
    /// Substitutes the cluster variables into <paramref name="text"/>. Returns null, with the errors recorded through
    /// <paramref name="describe"/>, when a variable could not be replaced.
    /// </summary>
    public string? Substitute(string text, Func<TemplateError, RenderError> describe)
    {
        var result = ClusterTemplate.Substitute(text, variables);
        _usesClusterVariables |= result.Substitutions > 0;
        _errors.AddRange(result.Errors.Select(describe));
        return result.Succeeded ? result.Text : null;
    }

    /// <summary>Parses <paramref name="text"/> as YAML or JSON and adds its manifests, attributed to <paramref name="file"/>.</summary>
    /// <param name="text">The substituted text.</param>
    /// <param name="file">The repository-relative file to name in manifests and errors.</param>
    /// <param name="isJson">Read as a single JSON value rather than multi-document YAML.</param>
    /// <param name="linesAreInFile">False for Kustomize or helm output, whose line numbers are not lines of <paramref name="file"/>.</param>
    /// <param name="producer">What generated the text when <paramref name="linesAreInFile"/> is false, named in errors.</param>
    public void AddManifests(string text, string file, bool isJson, bool linesAreInFile, string producer = "Kustomize")
    {
        if (LimitReached)
        {
            return;
        }

        ParsedSource source;
        try
        {
            // Generated output is the whole render in one text: it is held to the render's limit, not a file's.
            var maxExpandedBytes = linesAreInFile ? limits.MaxExpandedBytesPerFile : limits.MaxRenderBytes;
            source = isJson ? JsonSourceReader.Read(text) : YamlSourceReader.Read(text, maxExpandedBytes);
        }
        catch (SourceParseException exception)
        {
            var problem = isJson ? "invalid JSON" : "invalid YAML";
            _errors.Add(linesAreInFile
                ? new RenderError(file, exception.Line, $"{problem}: {exception.Message}")
                : new RenderError(file, null, $"{producer} produced {problem} at line {exception.Line} of its output: {exception.Message}"));
            return;
        }

        var before = _manifests.Count;
        ManifestExtractor.Extract(source, file, linesAreInFile, _manifests, _errors);
        for (var i = before; i < _manifests.Count; i++)
        {
            _bytes += Encoding.UTF8.GetByteCount(_manifests[i].Manifest.Json);
        }

        if (_manifests.Count > limits.MaxObjects)
        {
            Refuse(file, $"the render holds more than {limits.MaxObjects:N0} objects (reached in this file), the limit per render; split the application.");
        }
        else if (_bytes > limits.MaxRenderBytes)
        {
            Refuse(file, $"the render is larger than {Size(limits.MaxRenderBytes)} of objects (reached in this file), the limit per render; split the application.");
        }
    }

    /// <summary>Records that <paramref name="file"/> passed a limit; no more manifests are taken.</summary>
    public void Refuse(string file, string message)
    {
        _errors.Add(new RenderError(file, null, message));
        _manifests.Clear();
        LimitReached = true;
    }

    /// <summary>A byte count as a person reads it: whole MiB when it is one.</summary>
    public static string Size(long bytes) =>
        bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes:N0} bytes";

    /// <summary>The result: every manifest when nothing went wrong, otherwise the errors and no manifests.</summary>
    public RenderResult ToResult()
    {
        DuplicateObjects.Check(_manifests, _errors);
        return _errors.Count > 0
            ? RenderResult.Failed(_errors)
            : new RenderResult(_manifests.Select(sourced => sourced.Manifest with { Line = sourced.Line }).ToList(), []) { UsesClusterVariables = _usesClusterVariables };
    }
}
