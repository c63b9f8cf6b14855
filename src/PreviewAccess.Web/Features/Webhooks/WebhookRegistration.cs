namespace PreviewAccess.Web.Features.Webhooks;

public static class WebhookRegistration
{
    /// <summary>
    /// Webhooks: the admin's use cases, and the dispatcher with its HTTP client — redirects off, no proxy, a short
    /// timeout, and every connection made through <see cref="WebhookAddressGuard"/>. <c>Webhooks:DispatcherEnabled</c>
    /// (default true) runs the dispatcher on this instance.
    /// </summary>
    public static IServiceCollection AddPortalWebhooks(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<WebhookOptions>().Configure(options =>
        {
            options.AllowPrivateNetworks = configuration.GetValue($"{WebhookOptions.Section}:AllowPrivateNetworks", environment.IsDevelopment());
            options.Timeout = TimeSpan.FromSeconds(configuration.GetValue($"{WebhookOptions.Section}:TimeoutSeconds", 10));
        }).Validate(o => o.Timeout >= TimeSpan.FromSeconds(1) && o.Timeout <= TimeSpan.FromMinutes(1), "Webhooks:TimeoutSeconds must be between 1 and 60.")
            .ValidateOnStart();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookAddressGuard>();
        services.AddScoped<WebhookAdministration>();

        services.AddHttpClient(WebhookDispatcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                PooledConnectionLifetime = TimeSpan.FromMinutes(1),
                ConnectCallback = sp.GetRequiredService<WebhookAddressGuard>().ConnectAsync,
            })
            // The dispatcher logs each delivery itself; the factory's own logs would carry the full URL, query string included.
            .RemoveAllLoggers();

        services.AddSingleton<WebhookDispatcher>();
        if (configuration.GetValue($"{WebhookOptions.Section}:DispatcherEnabled", true)) services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        return services;
    }
}
