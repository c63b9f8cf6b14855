using Serilog;
using Serilog.Events;

namespace PreviewAccess.Web.Infrastructure;

public static class LoggingSetup
{
    /// <summary>
    /// Serilog, configured from the <c>Serilog</c> section. On the command line, logs go to stderr and only
    /// warnings are shown, so that stdout carries the command's output alone (e.g. a new API key).
    /// </summary>
    public static WebApplicationBuilder AddPortalLogging(this WebApplicationBuilder builder, bool isCli)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSerilog((services, configuration) =>
        {
            configuration.ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext();
            if (isCli)
            {
                configuration.MinimumLevel.Warning()
                    .WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                configuration.WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
        });
        return builder;
    }
}
