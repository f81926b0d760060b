using Fleet.Api;
using Fleet.Silo.Demo;
using Fleet.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddFleetSilo();
builder.AddFleetApi();
if (args.Contains("--demo"))
{
    builder.Services.AddHostedService<DemoMode>();
}

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapFleetApi();
app.Run();

/// <summary>Entry point; public so that tests can host the silo with WebApplicationFactory.</summary>
public partial class Program;
