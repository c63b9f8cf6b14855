using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PreviewAccess.Data;
using PreviewAccess.Data.Reviews;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Enrollment;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Mail;
using PreviewAccess.Web.Features.Organizations;

namespace PreviewAccess.Web.Features.ReviewThreads;

/// <param name="AmendmentId">Null: the organization's enrollment.</param>
public sealed record WriteInThreadInput(Guid OrganizationId, Guid? AmendmentId, string? Body);

/// <summary>
/// Someone writes in a review's conversation, and the other side is mailed. A partner's message answers the open
/// "more information" question: it resubmits the amendment, or returns the enrollment, unchanged, to review — what
/// the partner would otherwise do by editing the enrollment. A reviewer's message changes nothing by itself (a new
/// question is a needs-info decision). Who may write is the use case's own question (<see cref="ProgramRules"/>): a
/// partner as for the enrollment or the amendment itself, staff as for deciding it.
/// </summary>
public sealed class WriteInThread(
    PortalDbContext db,
    UnitOfWork unitOfWork,
    AuditTrail audit,
    MailOutbox outbox,
    PartnerContacts contacts,
    ICurrentActor actor,
    ProgramPermissions permissions,
    IOptions<MailOptions> mail,
    TimeProvider clock)
{
    public const string NothingAsked = "Nothing is asked of you here now: your answer is taken while a question is open.";

    public async Task<Outcome<bool>> HandleAsync(WriteInThreadInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            return await unitOfWork.RunAsync(async ct =>
            {
                var organization = await db.Organizations.Include(o => o.Invitations).SingleOrDefaultAsync(o => o.Id == input.OrganizationId, ct);
                if (organization is null) return Outcome<bool>.NotFound("No such organization.");
                var amendment = input.AmendmentId is { } amendmentId
                    ? await db.Amendments.SingleOrDefaultAsync(a => a.Id == amendmentId && a.OrganizationId == organization.Id, ct)
                    : null;
                if (input.AmendmentId is not null && amendment is null) return Outcome<bool>.NotFound("No such amendment.");

                var fromStaff = actor.Actor.PartnerOrganizationId is null;
                var action = (fromStaff, amendment is null) switch
                {
                    (true, true) => ProgramAction.RecordDecision,
                    (true, false) => ProgramAction.DecideAmendment,
                    (false, true) => ProgramAction.SubmitEnrollment,
                    (false, false) => ProgramAction.RequestAmendment,
                };
                if (permissions.Refusal(action, organization) is { } refusal) return Outcome<bool>.Forbidden(refusal);

                var body = input.Body?.Trim() ?? string.Empty;
                if (body.Length == 0) return Outcome<bool>.Invalid("body", "Write your message.");
                if (body.Length > ReviewMessage.MaxBodyLength) return Outcome<bool>.Invalid("body", $"The message can be at most {ReviewMessage.MaxBodyLength} characters.");

                var now = clock.GetUtcNow();
                var author = actor.UserId ?? Guid.Empty;
                var what = amendment is null ? "enrollment" : "request to change its access";
                Domain.Catalog.Surface? surface;
                if (fromStaff)
                {
                    surface = null;
                }
                else if (amendment is not null)
                {
                    if (amendment.OpenNeedsInfo is not { } question) return Outcome<bool>.Conflict(NothingAsked);
                    surface = question.Surface;
                    amendment.Resubmit(null);
                }
                else
                {
                    if (organization.OpenNeedsInfo is not { } question || organization.Enrollment is not { } current) return Outcome<bool>.Conflict(NothingAsked);
                    surface = question.Surface;
                    // The enrollment as it stands goes back to review: the answer is in the thread, not in "intended use".
                    organization.SubmitEnrollment(EnrollmentSubmission.Create(
                        new EnrollmentRequest(current.LegalName, current.Country, current.Surfaces, [.. current.IdentifiersFor(Domain.Catalog.Surface.Api)],
                            [.. current.IdentifiersFor(Domain.Catalog.Surface.Codex)], current.AccountEmails, current.IntendedUse, current.CustomerFacing, TermsAccepted: true),
                        author, submittedByStaff: false, now));
                }

                var message = new ReviewMessage(organization.Id, amendment?.Id, surface, author, fromStaff, body, now);
                db.ReviewMessages.Add(message);
                audit.Record(fromStaff ? AuditAction.ReviewMessage : AuditAction.ReviewAnswered, amendment is null ? "Organization" : "Amendment", amendment?.Id ?? organization.Id, null,
                    new { MessageId = message.Id, message.Surface, message.FromStaff, Status = amendment?.Status.ToString() ?? organization.Status.ToString() }, organization.Id);

                if (fromStaff)
                {
                    var link = new Uri(mail.Value.PublicUrl, amendment is null ? "/Partner/Status" : $"/Partner/Amendments/Details/{amendment.Id}");
                    await contacts.MailAsync(organization, to => ThreadMail.FromReviewer(to, organization.Name, what, body, link), ct);
                }
                else if (await db.Users.AsNoTracking().Where(u => u.Id == organization.AccountRepId).Select(u => new { u.Email, u.DisplayName }).SingleOrDefaultAsync(ct) is { Email: { Length: > 0 } email } rep)
                {
                    var link = new Uri(mail.Value.PublicUrl, amendment is null ? $"/Admin/Organizations/Details/{organization.Id}" : $"/Admin/Review/Amendment/{amendment.Id}");
                    outbox.Queue(ThreadMail.AnsweredToRepresentative(email, rep.DisplayName, organization.Name, what, body, link));
                }

                return Outcome<bool>.Success(true);
            }, outcome => outcome.Succeeded, cancellationToken);
        }
        catch (DomainException refusal)
        {
            return Outcome<bool>.Refused(refusal);
        }
    }
}
