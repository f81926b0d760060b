using Fleet.Api;
using Fleet.Demo;
using Fleet.Silo.Hosting;
using Fleet.Web;

// The silo exactly as src/Silo hosts it, plus the demo: a simulator with three clusters, a seeded Git repository,
// and a live status line. Everything ASP.NET Core reads (--urls, ASPNETCORE_URLS, Fleet__…) applies as to the silo;
// --demo-reset is the demo's own and is taken out first (DemoCommandLine says why).
// The content root is the output folder, where the silo's appsettings.json is copied: `dotnet run` starts in
// tools/Demo, which has no settings file of its own (a second one would collide with the silo's in the output).
var commandLine = DemoCommandLine.Parse(args);
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = commandLine.HostArguments, ContentRootPath = AppContext.BaseDirectory });
builder.AddDemoDefaults();
builder.AddFleetSilo();
builder.AddFleetApi();
builder.AddFleetWeb();
builder.AddFleetDemo(commandLine);

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseFleetRequestPipeline();
app.UseFleetWeb();
app.MapFleetApi();
app.MapFleetWeb();
app.Run();
