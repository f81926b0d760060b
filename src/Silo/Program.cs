using Fleet.Api;
using Fleet.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddFleetSilo();
builder.AddFleetApi();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapFleetApi();
app.Run();

/// <summary>Entry point; public so that tests can host the silo with WebApplicationFactory.</summary>
public partial class Program;
