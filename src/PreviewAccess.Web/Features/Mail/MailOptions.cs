namespace PreviewAccess.Web.Features.Mail;

/// <summary>
/// <c>Smtp:*</c> and <c>Mail:*</c>. With <c>Smtp:Host</c> set, mail goes out over SMTP (MailKit);
/// without it, each mail is written as an <c>.eml</c> file into <c>Mail:PickupFolder</c>.
/// </summary>
public sealed class MailOptions
{
    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 25;

    public string? SmtpUserName { get; set; }

    public string? SmtpPassword { get; set; }

    /// <summary>StartTLS when the server offers it; off for a local relay or a test server.</summary>
    public bool SmtpUseStartTls { get; set; }

    public string PickupFolder { get; set; } = "App_Data/mail";

    public string FromAddress { get; set; } = "preview-program@previewaccess.example";

    public string FromName { get; set; } = "GPT-5.6 preview program";

    /// <summary>Where links in mails point: the portal's public address.</summary>
    public Uri PublicUrl { get; set; } = new("http://localhost:5080");
}
