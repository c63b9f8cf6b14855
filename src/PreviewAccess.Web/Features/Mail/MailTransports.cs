using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace PreviewAccess.Web.Features.Mail;

public interface IMailTransport
{
    /// <param name="messageId">Stable per outbox message, so that a receiver can drop a duplicate after a retry.</param>
    Task SendAsync(OutgoingMail mail, string messageId, CancellationToken cancellationToken);
}

public static class MimeMail
{
    public static MimeMessage Build(OutgoingMail mail, string messageId, MailOptions options)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(options);
        var message = new MimeMessage { Subject = mail.Subject, MessageId = messageId, Body = new TextPart("plain") { Text = mail.Body } };
        message.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        message.To.Add(MailboxAddress.Parse(mail.To));
        return message;
    }
}

/// <summary>Delivers over SMTP with MailKit.</summary>
public sealed class SmtpMailTransport(IOptions<MailOptions> options) : IMailTransport
{
    public async Task SendAsync(OutgoingMail mail, string messageId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var client = new SmtpClient();
        await client.ConnectAsync(settings.SmtpHost ?? throw new InvalidOperationException("Smtp:Host is not set."), settings.SmtpPort, settings.SmtpUseStartTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, cancellationToken);
        if (!string.IsNullOrEmpty(settings.SmtpUserName)) await client.AuthenticateAsync(settings.SmtpUserName, settings.SmtpPassword ?? string.Empty, cancellationToken);
        await client.SendAsync(MimeMail.Build(mail, messageId, settings), cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}

/// <summary>Writes each mail as an <c>.eml</c> file, for a portal without an SMTP server (development, demos).</summary>
public sealed class PickupFolderMailTransport(IOptions<MailOptions> options, IWebHostEnvironment environment) : IMailTransport
{
    public async Task SendAsync(OutgoingMail mail, string messageId, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(environment.ContentRootPath, options.Value.PickupFolder);
        Directory.CreateDirectory(folder);
        // Named by message id: a retried delivery overwrites its own file instead of adding a second one.
        var path = Path.Combine(folder, messageId.Trim('<', '>').Replace('@', '_') + ".eml");
        await MimeMail.Build(mail, messageId, options.Value).WriteToAsync(path, cancellationToken);
    }
}
