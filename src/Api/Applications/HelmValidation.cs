using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Fleet.Api.Validation;
using Fleet.Grains.Interfaces.Applications;

namespace Fleet.Api.Applications;

/// <summary>Checks an application's <c>helm</c> section and turns it into <see cref="HelmSettings"/>.</summary>
internal static partial class HelmValidation
{
    // helm refuses longer release names (they go into the names of the objects it makes and of its release Secret).
    private const int MaxReleaseNameLength = 53;

    // Inline values live in the application's state and travel with every render request.
    private const int MaxValuesChars = 256 * 1024;

    /// <summary>
    /// The settings of <paramref name="request"/>, or null when there is no helm section; every problem is added to
    /// <paramref name="validation"/> under the field's name (<c>helm.valueFiles[1]</c>).
    /// </summary>
    /// <param name="validation">Collects the problems.</param>
    /// <param name="request">The helm section as sent.</param>
    /// <param name="path">The application's path: value files are relative to it and must stay inside the repository.</param>
    public static HelmSettings? Validate(RequestValidation validation, HelmRequest? request, string? path)
    {
        if (request is null)
        {
            return null;
        }

        if (request.ReleaseName is { } releaseName && (releaseName.Length > MaxReleaseNameLength || !ReleaseName().IsMatch(releaseName)))
        {
            validation.Add("helm.releaseName",
                $"\"{releaseName}\" must be a Helm release name: at most {MaxReleaseNameLength} characters, a-z, 0-9, '-' and '.', starting and ending with a letter or digit");
        }

        foreach (var (file, i) in (request.ValueFiles ?? []).Select((f, i) => (f, i)))
        {
            if (ValueFileProblem(file, path ?? "") is { } problem)
            {
                validation.Add($"helm.valueFiles[{i}]", problem);
            }
        }

        string? values = null;
        if (request.Values is not null)
        {
            if (request.Values is not JsonObject)
            {
                validation.Add("helm.values", "must be a JSON object of values, such as {\"replicaCount\": 2}");
            }
            else if ((values = request.Values.ToJsonString()).Length > MaxValuesChars)
            {
                validation.Add("helm.values", $"is larger than {MaxValuesChars / 1024} KiB; put large values in a values file in the repository");
            }
        }

        return new HelmSettings
        {
            ReleaseName = string.IsNullOrEmpty(request.ReleaseName) ? null : request.ReleaseName,
            ValueFiles = request.ValueFiles ?? [],
            Values = values,
        };
    }

    // A value file is a path relative to the chart (the application's path) that stays inside the repository.
    private static string? ValueFileProblem(string? file, string path)
    {
        if (string.IsNullOrWhiteSpace(file))
        {
            return "must name a values file, relative to the chart directory";
        }

        if (file.Contains('\0', StringComparison.Ordinal) || file.Contains('\\', StringComparison.Ordinal))
        {
            return $"\"{file}\" must be a path with '/' separators";
        }

        if (file.StartsWith('/') || Path.IsPathRooted(file) || file.Contains("://", StringComparison.Ordinal))
        {
            return $"\"{file}\" must be a path in the repository relative to the chart directory, not absolute or a URL";
        }

        var depth = 0;
        foreach (var part in $"{path}/{file}".Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            depth += part switch { ".." => -1, "." => 0, _ => 1 };
            if (depth < 0)
            {
                return $"\"{file}\" leaves the repository; value files must be inside it";
            }
        }

        return null;
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ReleaseName();
}
