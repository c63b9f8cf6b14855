using FluentValidation;
using PreviewAccess.Data;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Mail;
using PreviewAccess.Web.Features.Status;

namespace PreviewAccess.Web.Features.Support;

public sealed record SendFeedbackInput(string? Topic, string? Message);

/// <summary>Who sends the feedback: the signed-in partner, so that the representative can answer them.</summary>
public sealed record FeedbackSender(string Name, string Email);

public sealed class SendFeedbackValidator : AbstractValidator<SendFeedbackInput>
{
    public const int MaxTopicLength = 200;
    public const int MaxMessageLength = 4000;

    public SendFeedbackValidator()
    {
        RuleFor(x => x.Topic).Must(t => t is null || t.Trim().Length <= MaxTopicLength).WithMessage($"The topic can be at most {MaxTopicLength} characters.")
            .Must(t => PlainText.IsClean(t)).WithMessage(PlainText.Refused);
        RuleFor(x => x.Message).Must(m => PlainText.IsClean(m, multiline: true)).WithMessage(PlainText.Refused);
        RuleFor(x => x.Message).Must(m => !string.IsNullOrWhiteSpace(m)).WithMessage("Write your feedback.")
            .Must(m => m is null || m.Trim().Length <= MaxMessageLength).WithMessage($"The feedback can be at most {MaxMessageLength} characters.");
    }
}

/// <summary>
/// Product feedback goes to the organization's account representative (the notice: "Share product feedback with your
/// OpenAI account representative"), as a mail queued in the same transaction as its audit record.
/// </summary>
public sealed class SendFeedback(PartnerSnapshots snapshots, UnitOfWork unitOfWork, MailOutbox outbox, AuditTrail audit)
{
    private readonly SendFeedbackValidator _validator = new();

    /// <returns>The representative's name on success.</returns>
    public async Task<Outcome<string>> HandleAsync(Guid organizationId, FeedbackSender sender, SendFeedbackInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(input);
        var validation = await _validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid) return Outcome<string>.Invalid(validation);

        var snapshot = await snapshots.LoadAsync(organizationId, cancellationToken);
        if (snapshot is null) return Outcome<string>.NotFound();
        var representative = snapshot.Representative;
        if (string.IsNullOrWhiteSpace(representative.Email)) return Outcome<string>.Conflict("Your organization has no account representative on record. Write to the preview program instead.");

        var topic = OneLine(input.Topic);
        var message = input.Message!.Trim();
        var organization = snapshot.Organization;
        var mail = new OutgoingMail(
            representative.Email,
            $"GPT-5.6 preview feedback from {OneLine(organization.Name)}{(topic.Length > 0 ? ": " + topic : string.Empty)}",
            $"""
            Hello {representative.Name},

            {sender.Name} <{sender.Email}> of {organization.Name} sent product feedback about the GPT-5.6 preview through the portal.

            Topic: {(topic.Length > 0 ? topic : "(none given)")}

            {message}

            Reply to {sender.Email} to answer them.
            """);

        await unitOfWork.RunAsync(_ =>
        {
            outbox.Queue(mail);
            audit.Record(AuditAction.FeedbackSent, "Organization", organization.Id, null, new { To = representative.Email, Topic = topic, From = sender.Email }, organization.Id);
            return Task.CompletedTask;
        }, cancellationToken);
        return Outcome<string>.Success(representative.Name);
    }

    /// <summary>A subject is one line: line breaks in what a person typed must not reach a mail header.</summary>
    private static string OneLine(string? text) =>
        string.Join(' ', (text ?? string.Empty).Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Trim();
}
