using PreviewAccess.Data;
using PreviewAccess.Web.Api;
using PreviewAccess.Web.Cli;
using PreviewAccess.Web.Features.MultiFactor;
using PreviewAccess.Web.Infrastructure;

var isCli = CommandLine.IsCommand(args);
var builder = WebApplication.CreateBuilder(isCli ? CommandLine.HostArguments(args) : args);

builder.AddPortalLogging(isCli);
builder.Services.AddPortalForwardedHeaders(builder.Configuration, builder.Environment);
builder.Services.AddPortalDatabase(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddPortalIdentity(builder.Environment);
builder.Services.AddPortalMultiFactor(builder.Configuration);
builder.Services.AddPortalFeatures(builder.Configuration, builder.Environment);
builder.Services.AddPortalWeb(builder.Environment);
builder.Services.AddPortalApi();
builder.Services.AddPortalTelemetry(builder.Configuration, builder.Environment);

var app = builder.Build();

// On SQLite one instance at a time (SqliteInstanceLock), decided before the database is touched; the command line takes no lock.
if (!isCli) app.Services.GetService<SqliteInstanceLock>()?.Acquire();

// Migrations first, whichever way the binary was started: a new database is ready before anything reads it.
await app.Services.InitializeDatabaseAsync(seedDemoDataByDefault: !isCli && app.Environment.IsDevelopment());

if (isCli)
{
    return await CommandLine.RunAsync(app.Services, args, Console.In, Console.Out, Console.Error);
}

app.UsePortalPipeline();
app.MapPortalEndpoints();
app.MapPortalApi();
app.MapPortalMetrics();
app.MapBenchEndpoints();

await app.RunAsync();
return 0;

/// <summary>Exposed for the test host (WebApplicationFactory).</summary>
public partial class Program;
