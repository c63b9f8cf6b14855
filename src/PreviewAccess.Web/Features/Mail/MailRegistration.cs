namespace PreviewAccess.Web.Features.Mail;

public static class MailRegistration
{
    /// <summary>Mail leaves through the outbox: over SMTP when <c>Smtp:Host</c> is set, else as <c>.eml</c> files in a pickup folder.</summary>
    public static IServiceCollection AddPortalMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MailOptions>().Configure(options =>
        {
            options.SmtpHost = configuration["Smtp:Host"];
            options.SmtpPort = configuration.GetValue("Smtp:Port", 25);
            options.SmtpUserName = configuration["Smtp:UserName"];
            options.SmtpPassword = configuration["Smtp:Password"];
            options.SmtpUseStartTls = configuration.GetValue("Smtp:UseStartTls", false);
            options.PickupFolder = configuration["Mail:PickupFolder"] ?? options.PickupFolder;
            options.FromAddress = configuration["Mail:FromAddress"] ?? options.FromAddress;
            options.FromName = configuration["Mail:FromName"] ?? options.FromName;
            if (Uri.TryCreate(configuration["Portal:PublicUrl"], UriKind.Absolute, out var publicUrl)) options.PublicUrl = publicUrl;
        });
        services.AddScoped<MailOutbox>();
        if (string.IsNullOrWhiteSpace(configuration["Smtp:Host"])) services.AddSingleton<IMailTransport, PickupFolderMailTransport>();
        else services.AddSingleton<IMailTransport, SmtpMailTransport>();
        services.AddSingleton<OutboxDispatcher>();
        if (configuration.GetValue("Mail:DispatcherEnabled", true)) services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        return services;
    }
}
