using System.Text.RegularExpressions;
using Fleet.Api.Validation;
using Fleet.Engine.Charts;
using Fleet.Grains.Interfaces.Repositories;

namespace Fleet.Api.Applications;

/// <summary>
/// What an application must name for its repository's type: a Git repository a <c>path</c> (and no chart), a Helm
/// repository a <c>chart</c> (and no path), with <c>revision</c> a version or constraint the chart's versions can be
/// matched against.
/// </summary>
internal static partial class ChartValidation
{
    public static void Validate(RequestValidation validation, string repositoryType, string? chart, string? path, string? revision)
    {
        if (repositoryType != RepositoryTypes.Helm)
        {
            validation.Required("path", path);
            if (chart is not null)
            {
                validation.Add("chart", "is only for a Helm repository (type helm); this repository is a Git repository: name the chart's directory in path");
            }
            return;
        }
        if (string.IsNullOrWhiteSpace(chart))
        {
            validation.Add("chart", "is required for an application on a Helm repository: the chart's name in the repository, such as podinfo");
        }
        else if (chart.Length > 250 || !ChartName().IsMatch(chart))
        {
            validation.Add("chart", $"\"{chart}\" is not a chart name: letters, digits, '-', '_' and '.', optionally under '/'-separated folders (an OCI registry)");
        }
        if (!string.IsNullOrEmpty(path))
        {
            validation.Add("path", "is not used on a Helm repository: the application names a chart (and value files inside it)");
        }
        if (VersionConstraint.Parse(revision, out var error) is null)
        {
            validation.Add("revision", $"must be a chart version or a constraint (6.5.0, 6.5.*, >=6.0.0 <7.0.0, ^6; empty for the latest release): {error}");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$")]
    private static partial Regex ChartName();
}
