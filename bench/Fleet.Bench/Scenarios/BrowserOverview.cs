using System.Globalization;
using Fleet.Bench.Harness;
using Microsoft.Playwright;

namespace Fleet.Bench.Scenarios;

/// <summary>
/// The web UI's overview in a real browser (Debian's chromium driven by Playwright) on a converged fleet: the first
/// meaningful paint (navigation start until the summary and the first page of the grid are on screen with data) and
/// a filter change (from submitting the filter form until the filtered grid is on screen), several times each.
/// </summary>
public static class BrowserOverview
{
    /// <summary>Repetitions of each measurement (the first paint's first one is the cold one).</summary>
    public const int Repetitions = 10;

    /// <summary>The target of the issue for both figures.</summary>
    public static readonly TimeSpan Target = TimeSpan.FromSeconds(1);

    // Installed in every document before its own scripts: as soon as the summary and the grid (rows, or the sentence
    // that no row matches) are in the document, it waits for the next frame to be painted (a frame callback, then a
    // task after it) and records when, as milliseconds since the epoch, so that times of two documents compare.
    private const string PaintProbe = """
        (() => {
          const ready = () => document.querySelector('[data-testid=instances-total]')
            && (document.querySelector('table.grid tbody tr a.cell') || document.querySelector('section p.empty'));
          const record = () => requestAnimationFrame(() => setTimeout(() => { window.__fleetPainted = performance.timeOrigin + performance.now(); }, 0));
          const observer = new MutationObserver(() => { if (ready()) { observer.disconnect(); record(); } });
          observer.observe(document, { childList: true, subtree: true });
        })();
        """;

    private static string Chromium => Environment.GetEnvironmentVariable("FLEET_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<IReadOnlyList<Figure>> RunAsync(int clusters, int applications, TextWriter log)
    {
        await using var fleet = await BenchFleet.StartAsync(clusters, applications, log);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var baseUrl = fleet.Silo.BaseAddress.ToString().TrimEnd('/');
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        await context.AddInitScriptAsync(PaintProbe);
        await SignInAsync(context, baseUrl);

        var paints = new List<double>();
        var served = new List<double>();
        for (var i = 0; i < Repetitions; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
            var painted = await PaintedAtAsync(page);
            var origin = await page.EvaluateAsync<double>("() => performance.timeOrigin");
            paints.Add(painted - origin);
            served.Add(await page.EvaluateAsync<double>("() => { const n = performance.getEntriesByType('navigation')[0]; return n.responseEnd - n.requestStart; }"));
            await CheckTotalAsync(page, fleet.Instances);
            await page.CloseAsync();
        }
        log.WriteLine($"browser: first paint median {Stats.Percentile(paints, 0.5):F0} ms (cold {paints[0]:F0} ms)");

        var filters = new List<double>();
        var filterPage = await context.NewPageAsync();
        for (var i = 0; i < Repetitions; i++)
        {
            // Each repetition starts on the unfiltered overview and filters on one application.
            await filterPage.GotoAsync("/");
            await PaintedAtAsync(filterPage);
            var application = fleet.Applications[i % fleet.Applications.Count];
            var submitted = await filterPage.EvaluateAsync<double>("""
                name => {
                  const form = document.querySelector('form.filters');
                  form.querySelector('#f-application').value = name;
                  const at = performance.timeOrigin + performance.now();
                  setTimeout(() => form.requestSubmit(), 0);
                  return at;
                }
                """, application);
            await filterPage.WaitForURLAsync(url => url.Contains("application=" + application, StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
            var painted = await PaintedAtAsync(filterPage);
            filters.Add(painted - submitted);
            var rows = await filterPage.Locator("table.grid tbody tr").CountAsync();
            if (rows != 1)
            {
                throw new InvalidOperationException($"filtering on {application} showed {rows} rows, not 1");
            }
        }
        log.WriteLine($"browser: filter change median {Stats.Percentile(filters, 0.5):F0} ms");

        var conditions = $"{fleet.Instances} instances ({clusters} clusters x {applications} applications), all Synced and Healthy; silo process with Redis, simulator and driver on the same cores; headless chromium {browser.Version}, 1440x900, signed in, assets cached after the first load; {Repetitions} repetitions";
        return
        [
            Figure("first meaningful paint, median", paints, 0.5, $"{conditions}; navigation start until the summary and the grid's first page are painted; the first (cold) load took {paints[0]:F0} ms; the server answered the page in {Stats.Percentile(served, 0.5):F0} ms (median, request to last byte)"),
            Figure("first meaningful paint, p95", paints, 0.95, conditions),
            Figure("filter change, median", filters, 0.5, $"{conditions}; the filter form's application field set and submitted (a GET of the filtered page) until the filtered grid (one row) is painted"),
            Figure("filter change, p95", filters, 0.95, conditions),
        ];
    }

    private static Figure Figure(string name, IReadOnlyList<double> milliseconds, double percentile, string conditions)
    {
        var value = Stats.Percentile(milliseconds, percentile);
        return new Figure("browser", name, value, "ms", $"< {Target.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms", value < Target.TotalMilliseconds, conditions);
    }

    private static async Task SignInAsync(IBrowserContext context, string baseUrl)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.Locator("#token").FillAsync(SiloProcess.AdminToken);
        await page.Locator("form[action='/session/signin'] button[type=submit]").ClickAsync();
        try
        {
            await page.WaitForURLAsync(baseUrl + "/");
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"signing in with the admin token ended on {page.Url}");
        }
        await page.CloseAsync();
    }

    private static async Task<double> PaintedAtAsync(IPage page)
    {
        var handle = await page.WaitForFunctionAsync("() => window.__fleetPainted", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        return await handle.JsonValueAsync<double>();
    }

    private static async Task CheckTotalAsync(IPage page, int instances)
    {
        var total = await page.Locator("[data-testid=instances-total]").InnerTextAsync();
        if (total.Trim() != instances.ToString(CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"the overview counted {total} instances, not {instances}");
        }
    }
}
