using Fleet.Api;
using Fleet.Silo.Hosting;
using Fleet.Web;

// The demo left the product (it needs the simulator, which is a test tool): say where it went rather than start an
// empty silo that looks like a demo that failed.
if (args.Any(arg => arg == "--demo" || arg.StartsWith("--demo=", StringComparison.Ordinal)))
{
    Console.Error.WriteLine("fleet silo: --demo is no longer an option of the silo; run the demo with: dotnet run --project tools/Demo");
    return 2;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddFleetSilo();
builder.AddFleetApi();
builder.AddFleetWeb();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseFleetRequestPipeline();
app.UseFleetWeb();
app.MapFleetApi();
app.MapFleetWeb();
app.Run();
return 0;

/// <summary>Entry point; public so that tests can host the silo with WebApplicationFactory.</summary>
public partial class Program;
