using System.Diagnostics;
using Fleet.Engine.Charts;
using Fleet.Engine.Versions;
using Fleet.Grains.Charts;
using Fleet.Grains.Interfaces.Repositories;
using Fleet.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace Fleet.Grains.Repositories;

/// <summary>
/// A Helm repository: the index (an HTTP repository's index.yaml, or the tags of the charts asked of an OCI registry)
/// takes the place of the branch head, its fingerprint the place of the commit. A new version published moves the
/// fingerprint and tells the subscribed applications, as a new commit does.
/// </summary>
public sealed partial class RepositoryGrain
{
    public async Task<ChartResolution> ResolveChartAsync(string chart, string? constraint)
    {
        var spec = Spec();
        if (!spec.IsHelm())
        {
            return new ChartResolution { Error = $"repository {Name} is a Git repository: it has no charts to choose a version of" };
        }
        if (VersionConstraint.Parse(constraint, out var invalid) is not { } parsed)
        {
            return new ChartResolution { Error = $"chart {chart}: revision {invalid}" };
        }
        if (ChartSource(spec).IsOci && state.State.AskedCharts.Add(chart))
        {
            // A registry has no index: the chart's tags are listed from now on, starting at once (the refresh writes
            // the state). A refresh already under way may have started before the chart was added: then once more.
            await RefreshAsync();
            if (state.State.Charts?.Charts.ContainsKey(chart) != true)
            {
                await RefreshAsync();
            }
        }
        else if (state.State.Charts is null)
        {
            await RefreshAsync();
        }
        var why = state.State.Ready is { Status: "False" } ready ? $" ({ready.Reason}: {ready.Message})" : "";
        if (state.State.Charts is not { } index)
        {
            return new ChartResolution { Error = $"chart {chart}: repository {Name} has no index yet{why}" };
        }
        if (!index.Charts.TryGetValue(chart, out var entries))
        {
            return new ChartResolution { Error = $"chart {chart} is not in repository {Name} ({spec.Url}){why}" };
        }
        if (parsed.Highest(entries.Select(e => e.Version)) is not { } version)
        {
            var offered = string.Join(", ", NewestFirst(entries).Take(10));
            var wanted = parsed.Text.Length == 0 ? "a release (not a prerelease)" : $"\"{parsed.Text}\"";
            return new ChartResolution { Error = $"chart {chart}: no version matches {wanted}; repository {Name} offers {offered}{why}" };
        }
        return new ChartResolution { Version = version };
    }

    public async Task<RenderOutcome> RenderChartAsync(string chart, string version, RenderTarget target, HelmRelease release)
    {
        var spec = Spec();
        if (state.State.Charts?.Charts.GetValueOrDefault(chart)?.FirstOrDefault(e => e.Version == version) is not { } entry)
        {
            return ChartFailed(chart, version, $"chart {chart} {version} is no longer in repository {Name}'s index");
        }
        ChartPackage package;
        try
        {
            package = await charts.GetAsync(ChartSource(spec), entry, CancellationToken.None);
        }
        catch (ChartSourceException e)
        {
            LogChartFailed(logger, Name, chart, version, e.Reason, e.Message);
            return ChartFailed(chart, version, $"{e.Reason}: {e.Message}");
        }
        return await renders.RenderChartAsync(spec.Url, package, version, target, release);
    }

    private async Task<RepositoryView> RefreshChartsAsync(RepositorySpec spec)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = FleetMetrics.ActivitySource.StartActivity("helm index");
        activity?.SetTag("fleet.repository", Name);
        var source = ChartSource(spec);
        var result = "Unchanged";
        string? changedTo = null;
        try
        {
            var index = source.IsOci ? await ListTagsAsync(source) : await ReadIndexAsync(source);
            if (index is not null && index.Fingerprint != state.State.Charts?.Fingerprint)
            {
                state.State.Charts = index;
                state.State.Head = index.Fingerprint;
                changedTo = index.Fingerprint;
                result = "Fetched";
            }
            state.State.LastFetch = time.GetUtcNow();
            var current = state.State.Charts;
            SetReady("True", "Fetched", current is null ? "The repository answered." : $"The index lists {current.Count} versions of {current.Charts.Count} charts.");
        }
        catch (ChartSourceException e)
        {
            LogFetchFailed(logger, Name, e.Reason, e.Message);
            var keep = state.State.Charts is null ? "No index has been read yet." : "Still using the last good index.";
            SetReady("False", e.Reason, $"{e.Message} {keep}");
            result = "Failed";
        }
        metrics.RecordGitFetch(Name, result, Stopwatch.GetElapsedTime(started));
        activity?.SetTag("fleet.result", result);
        await state.WriteStateAsync();
        if (changedTo is not null)
        {
            TellSubscribers(changedTo);
        }
        return View();
    }

    private async Task<ChartIndex?> ReadIndexAsync(HelmSource source)
    {
        var read = await chartSources.ReadIndexAsync(source, state.State.Charts is null ? null : state.State.IndexETag, CancellationToken.None);
        state.State.IndexETag = read.ETag;
        return read.Index;
    }

    // Each asked chart's tags; a chart the registry does not hold is left out (its applications say so), while a
    // registry that cannot be reached fails the whole refresh and the last good list stays.
    private async Task<ChartIndex> ListTagsAsync(HelmSource source)
    {
        var listed = new SortedDictionary<string, IReadOnlyList<ChartEntry>>(StringComparer.Ordinal);
        foreach (var chart in state.State.AskedCharts)
        {
            try
            {
                var tags = await chartSources.ListTagsAsync(source, chart, CancellationToken.None);
                listed[chart] = [.. tags.Select(t => new ChartEntry { Name = chart, Version = t.Replace('_', '+'), Urls = [$"{source.Url.TrimEnd('/')}/{chart}:{t}"] })];
            }
            catch (ChartSourceException e) when (e.Reason == "ChartNotFound")
            {
            }
        }
        return ChartIndexReader.Of(listed);
    }

    private HelmSource ChartSource(RepositorySpec spec)
    {
        var password = protector.Unprotect(state.State.ProtectedPassword) ?? spec.Password;
        return new HelmSource(spec.Url, spec.Username, password, spec.Insecure);
    }

    private Dictionary<string, IReadOnlyList<string>> ChartVersions() =>
        (state.State.Charts?.Charts ?? new Dictionary<string, IReadOnlyList<ChartEntry>>())
            .ToDictionary(c => c.Key, c => (IReadOnlyList<string>)[.. NewestFirst(c.Value)], StringComparer.Ordinal);

    private static IEnumerable<string> NewestFirst(IEnumerable<ChartEntry> entries) =>
        entries.Select(e => (e.Version, Parsed: SemanticVersion.TryParse(e.Version)))
            .OrderByDescending(e => e.Parsed).ThenByDescending(e => e.Version, StringComparer.Ordinal).Select(e => e.Version);

    private static RenderOutcome ChartFailed(string chart, string version, string error) => new()
    {
        Key = $"error:{chart}:{version}:{error}",
        Commit = version,
        ResolvedPath = chart,
        Errors = [error],
    };

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Fetching chart {Chart} {Version} of repository {Repository} failed ({Reason}): {Message}")]
    private static partial void LogChartFailed(ILogger logger, string repository, string chart, string version, string reason, string message);
}
