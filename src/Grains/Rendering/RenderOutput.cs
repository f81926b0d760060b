namespace Fleet.Grains.Rendering;

/// <summary>
/// Collects what one render produces as it reads its sources: the manifests in source order, the errors, and
/// whether any cluster variable was used. <see cref="ToResult"/> applies the all-or-nothing rule.
/// </summary>
internal sealed class RenderOutput(ClusterVariables variables)
{
    private readonly List<SourcedManifest> _manifests = [];
    private readonly List<RenderError> _errors = [];
    private bool _usesClusterVariables;

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
    /// <param name="linesAreInFile">False for Kustomize output, whose line numbers are not lines of <paramref name="file"/>.</param>
    public void AddManifests(string text, string file, bool isJson, bool linesAreInFile)
    {
        ParsedSource source;
        try
        {
            source = isJson ? JsonSourceReader.Read(text) : YamlSourceReader.Read(text);
        }
        catch (SourceParseException exception)
        {
            var problem = isJson ? "invalid JSON" : "invalid YAML";
            _errors.Add(linesAreInFile
                ? new RenderError(file, exception.Line, $"{problem}: {exception.Message}")
                : new RenderError(file, null, $"Kustomize produced {problem} at line {exception.Line} of its output: {exception.Message}"));
            return;
        }

        ManifestExtractor.Extract(source, file, linesAreInFile, _manifests, _errors);
    }

    /// <summary>The result: every manifest when nothing went wrong, otherwise the errors and no manifests.</summary>
    public RenderResult ToResult()
    {
        DuplicateObjects.Check(_manifests, _errors);
        return _errors.Count > 0
            ? RenderResult.Failed(_errors)
            : new RenderResult(_manifests.Select(sourced => sourced.Manifest).ToList(), []) { UsesClusterVariables = _usesClusterVariables };
    }
}
