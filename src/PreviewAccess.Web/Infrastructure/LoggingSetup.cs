using System.Collections.Concurrent;
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
        CacheLoggers(builder.Services);
        return builder;
    }

    /// <summary>
    /// The level of the one line each request logs. Health probes come every few seconds from load balancers and
    /// orchestrators: a passing probe is Debug, and a portal that is not ready yet (the access snapshot still loading at
    /// start-up, the database out of reach) is a warning, since the health check itself logs which check failed and
    /// why. Everything else as Serilog's default: an exception or a 5xx is an error, the rest information.
    /// </summary>
    public static LogEventLevel RequestLevel(HttpContext context, double elapsedMilliseconds, Exception? exception)
    {
        ArgumentNullException.ThrowIfNull(context);
        var status = context.Response.StatusCode;
        if (exception is not null) return LogEventLevel.Error;
        if (context.Request.Path.StartsWithSegments("/health")) return status < 400 ? LogEventLevel.Debug : LogEventLevel.Warning;
        return status >= 500 ? LogEventLevel.Error : LogEventLevel.Information;
    }

    /// <summary>
    /// Serilog's <see cref="ILoggerFactory"/> makes a new logger, with caches of its own, on every call. ASP.NET Core makes
    /// authentication handlers per request, and each asks the factory for a logger: that was an eighth of everything an
    /// API request allocated (bench/README.md). One logger per category is what Microsoft's own factory keeps, too.
    /// </summary>
    private static void CacheLoggers(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(ILoggerFactory));
        services.Remove(registered);
        services.AddSingleton<ILoggerFactory>(provider => new CachingLoggerFactory((ILoggerFactory)(registered.ImplementationInstance
            ?? registered.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!))));
    }

    private sealed class CachingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
    {
        private readonly ConcurrentDictionary<string, Microsoft.Extensions.Logging.ILogger> _loggers = new(StringComparer.Ordinal);

        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, inner.CreateLogger);

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose() => inner.Dispose();
    }
}
