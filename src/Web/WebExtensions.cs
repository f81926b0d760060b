using Fleet.Web.Actions;
using Fleet.Web.Components;
using Fleet.Web.Live;
using Fleet.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Web;

/// <summary>
/// Registers and maps the web UI: Razor components rendered by the silo at <c>/</c>, beside the API, with every
/// asset (styles and the framework's <c>blazor.web.js</c>) served by the silo itself, so the UI works without internet.
/// </summary>
public static class WebExtensions
{
    /// <summary>Adds the UI's services and its cookie session; call after AddFleetApi (it takes over the default scheme).</summary>
    public static WebApplicationBuilder AddFleetWeb(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // A build that is not published keeps the assets of libraries (this one's CSS, the framework's script) where
        // they were built and lists them in a manifest; ASP.NET Core reads it by itself only in Development, and the
        // demo runs in Production. A published silo has them in wwwroot and no manifest: then this does nothing.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        // Live pages check their session again while they stay open (a revoked token's page stops and signs in).
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, SessionRevalidation>();
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "fleet-antiforgery";
            o.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict;
        });
        builder.Services.AddSingleton<FleetEventFeed>();
        builder.Services.AddSingleton<Overview.FleetBoardQuery>();
        builder.Services.AddSingleton<Reading.FleetReader>();
        builder.AddFleetBrowserAuthentication();
        return builder;
    }

    /// <summary>Checks antiforgery tokens of the UI's forms; goes after UseFleetRequestPipeline (it needs the user).</summary>
    public static WebApplication UseFleetWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAntiforgery();
        return app;
    }

    /// <summary>Maps the pages, the session and action endpoints, and the static assets.</summary>
    public static WebApplication MapFleetWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // The sign-in page needs its stylesheet and script before anyone is signed in; none of them holds anything secret.
        app.MapStaticAssets().AllowAnonymous();
        app.MapSessionEndpoints();
        app.MapApplicationActions();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
