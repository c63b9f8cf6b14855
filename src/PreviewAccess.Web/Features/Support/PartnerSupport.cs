using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PreviewAccess.Data;
using PreviewAccess.Data.Identity;
using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Domain.Support;
using PreviewAccess.Web.Features.Audit;
using PreviewAccess.Web.Features.Authorization;
using PreviewAccess.Web.Features.Common;
using PreviewAccess.Web.Features.Mail;
using PreviewAccess.Web.Features.Status;

namespace PreviewAccess.Web.Features.Support;

/// <summary>
/// A partner's technical support case, with what the notice asks for. <see cref="OccurredAtUtc"/> is the moment of
/// the failing request in UTC, as a person types it (no offset). On both surfaces, <see cref="Identifier"/> is the API
/// organization ID and <see cref="CodexWorkspaceId"/> the Codex workspace ID.
/// </summary>
public sealed record PartnerSupportCaseInput(
    SupportCaseCategory? Category,
    AffectedSurfaces? Surfaces,
    string? Identifier,
    string? Email,
    string? ErrorMessage,
    string? RequestId,
    DateTime? OccurredAtUtc,
    string? CodexWorkspaceId = null)
{
    public bool IncludesApi => Surfaces is AffectedSurfaces.Api or AffectedSurfaces.Both;
}

public sealed class PartnerSupportCaseValidator : AbstractValidator<PartnerSupportCaseInput>
{
    public PartnerSupportCaseValidator(DateTimeOffset now)
    {
        RuleFor(x => x.Category).Must(c => c is { } category && Enum.IsDefined(category)).WithMessage("Choose what kind of problem it is.");
        RuleFor(x => x.Surfaces).Must(s => s is { } surfaces && Enum.IsDefined(surfaces)).WithMessage("Choose where it happens: the API, Codex or both.");
        RuleFor(x => x.Identifier).Must(i => !string.IsNullOrWhiteSpace(i)).WithMessage("Enter your API organization ID or Codex workspace ID.")
            .DependentRules(() => RuleFor(x => x.Identifier).Must((input, id) => IsWellFormedFor(input.Surfaces, id!.Trim()))
                .WithMessage(input => input.Surfaces switch
                {
                    AffectedSurfaces.Api => "For the API, give the API organization ID: 'org-' followed by 24 letters or digits.",
                    AffectedSurfaces.Codex => "For Codex, give the Codex workspace ID: 3 to 64 letters, digits, '_' or '-'.",
                    AffectedSurfaces.Both => "For the API, give the API organization ID: 'org-' followed by 24 letters or digits.",
                    _ => "Give an API organization ID ('org-' followed by 24 letters or digits) or a Codex workspace ID (3 to 64 letters, digits, '_' or '-').",
                }));
        RuleFor(x => x.CodexWorkspaceId).Must(w => Identifiers.IsCodexWorkspaceId(w?.Trim()))
            .When(x => x.Surfaces == AffectedSurfaces.Both)
            .WithMessage("When it happens in both, give the Codex workspace ID too: 3 to 64 letters, digits, '_' or '-'.");
        RuleFor(x => x.Email).Must(EmailAddress.IsValid).WithMessage("Enter the affected account email.")
            .Must(e => PlainText.IsClean(e)).WithMessage(PlainText.Refused);
        RuleFor(x => x.ErrorMessage).Must(m => PlainText.IsClean(m, multiline: true)).WithMessage(PlainText.Refused);
        RuleFor(x => x.ErrorMessage).Must(m => !string.IsNullOrWhiteSpace(m)).WithMessage("Paste the exact error message, or describe what you saw if nothing came back.")
            .Must(m => m is null || m.Trim().Length <= SupportCase.MaxErrorMessageLength).WithMessage($"The error message can be at most {SupportCase.MaxErrorMessageLength} characters.");
        RuleFor(x => x.RequestId).Must(r => !string.IsNullOrWhiteSpace(r)).When(x => x.IncludesApi)
            .WithMessage("For API issues, give the request ID.");
        RuleFor(x => x.RequestId).Must(r => r is null || r.Trim().Length <= SupportCase.MaxRequestIdLength)
            .WithMessage($"The request ID can be at most {SupportCase.MaxRequestIdLength} characters.")
            .Must(r => PlainText.IsClean(r)).WithMessage(PlainText.Refused);
        RuleFor(x => x.OccurredAtUtc).NotNull().When(x => x.IncludesApi).WithMessage("For API issues, give the timestamp of the request (UTC).");
        RuleFor(x => x.OccurredAtUtc).Must(at => at is null || AsUtc(at.Value) <= now.AddMinutes(5)).WithMessage("The timestamp cannot be in the future.")
            .Must(at => at is null || at.Value.Year >= 2020).WithMessage("Enter the date and time the request was made.");
    }

    public static DateTimeOffset AsUtc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    private static bool IsWellFormedFor(AffectedSurfaces? surfaces, string identifier) => surfaces switch
    {
        AffectedSurfaces.Api => Identifiers.IsApiOrganizationId(identifier),
        AffectedSurfaces.Codex => Identifiers.IsCodexWorkspaceId(identifier),
        AffectedSurfaces.Both => Identifiers.IsApiOrganizationId(identifier),
        _ => Identifiers.IsWellFormed(identifier),
    };
}

public sealed record PartnerCaseSummary(Guid Id, DateTimeOffset OpenedAt, SupportCaseCategory Category, AffectedSurfaces Surfaces, string Identifier, SupportCaseStatus Status);

public sealed record PartnerCaseDiagnosis(Surface Surface, AccessReason Reason, string Message, string NextStep)
{
    public bool Allowed => Reason == AccessReason.Allowed;
}

/// <summary>A message of the conversation as the partner reads it: a reply from support or from their organization.</summary>
public sealed record PartnerCaseMessage(bool FromSupport, string Author, string Text, DateTimeOffset At);

public sealed record PartnerCaseDetail(
    Guid Id,
    DateTimeOffset OpenedAt,
    SupportCaseCategory Category,
    AffectedSurfaces Surfaces,
    string Identifier,
    string? CodexWorkspaceId,
    string Email,
    string ErrorMessage,
    string? RequestId,
    DateTimeOffset? OccurredAt,
    SupportCaseStatus Status,
    IReadOnlyList<PartnerCaseDiagnosis> Diagnosis,
    IReadOnlyList<PartnerCaseMessage> Messages,
    int Version)
{
    /// <summary>A resolved case takes no more replies: a problem that is back is a new case.</summary>
    public bool TakesReplies => Status != SupportCaseStatus.Resolved;
}

/// <summary>
/// A partner opens a support case for their own organization, sees their organization's cases, and replies on them;
/// support's replies are theirs to read, the desk's internal notes never. The portal runs the access decision on the
/// case's inputs and shows the answer beside it. The organization is always the signed-in partner's own: a case of
/// another organization is not found.
/// </summary>
public sealed class PartnerSupportCases(
    PortalDbContext db,
    UnitOfWork unitOfWork,
    AuditTrail audit,
    DiagnosePartnerAccess diagnose,
    MailOutbox outbox,
    ProgramPermissions permissions,
    IOptions<MailOptions> mail,
    TimeProvider clock)
{
    /// <summary>A partner organization has a handful of cases; past this many, the oldest are left off the list.</summary>
    public const int ListLimit = 200;

    /// <summary>What a partner without enabled access is told instead of filing a technical issue: the notice's own words.</summary>
    public const string TechnicalIssueNeedsAccess = "A technical issue with confirmed access goes to support, and none of your organization's access is enabled yet. "
        + NoticeWords.AskYourRep;

    /// <summary>Whether a grant of the organization is enabled now: only then is "technical issue with confirmed access" a case to open.</summary>
    public async Task<bool> HasConfirmedAccessAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return await db.Grants.AsNoTracking().AnyAsync(g => g.OrganizationId == organizationId && g.Status == GrantStatus.Enabled
            && (g.ExpiresOn == null || g.ExpiresOn >= today), cancellationToken);
    }

    public async Task<Outcome<Guid>> OpenAsync(Guid organizationId, Guid openedBy, PartnerSupportCaseInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (permissions.Refusal(ProgramAction.OpenPartnerSupportCase, new PortfolioOf(organizationId, Guid.Empty)) is { } refusal) return Outcome<Guid>.Forbidden(refusal);
        var now = clock.GetUtcNow();
        var validation = await new PartnerSupportCaseValidator(now).ValidateAsync(input, cancellationToken);
        if (!validation.IsValid) return Outcome<Guid>.Invalid(validation);
        if (input.Category == SupportCaseCategory.TechnicalIssue && !await HasConfirmedAccessAsync(organizationId, cancellationToken))
        {
            return Outcome<Guid>.Invalid("category", TechnicalIssueNeedsAccess);
        }

        SupportCase supportCase;
        try
        {
            supportCase = SupportCase.Open(organizationId, input.Identifier!, input.Email!, input.Surfaces!.Value, input.ErrorMessage!,
                input.RequestId, input.OccurredAtUtc is { } at ? PartnerSupportCaseValidator.AsUtc(at) : null, input.Category!.Value, openedBy, now,
                input.Surfaces == AffectedSurfaces.Both ? input.CodexWorkspaceId : null);
        }
        catch (DomainException refused)
        {
            return Outcome<Guid>.Refused(refused);
        }

        await unitOfWork.RunAsync(_ =>
        {
            db.SupportCases.Add(supportCase);
            audit.Record(AuditAction.SupportCaseOpened, "SupportCase", supportCase.Id, null,
                new { supportCase.Category, supportCase.Surfaces, supportCase.Identifier, supportCase.CodexWorkspaceId, supportCase.Email, supportCase.RequestId, supportCase.OccurredAt, OpenedBy = "partner" },
                organizationId);
            return Task.CompletedTask;
        }, cancellationToken);
        return Outcome<Guid>.Success(supportCase.Id);
    }

    /// <summary>The organization's cases, newest first.</summary>
    public async Task<IReadOnlyList<PartnerCaseSummary>> ListAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var cases = await db.SupportCases.AsNoTracking().Where(c => c.OrganizationId == organizationId)
            .OrderByDescending(c => c.OpenedAt).Take(ListLimit)
            .Select(c => new PartnerCaseSummary(c.Id, c.OpenedAt, c.Category, c.Surfaces, c.Identifier, c.Status))
            .ToListAsync(cancellationToken);
        return cases;
    }

    /// <summary>One case of the organization's own; another organization's case is not found. Internal notes are left out here, in the query.</summary>
    public async Task<PartnerCaseDetail?> GetAsync(Guid organizationId, Guid caseId, CancellationToken cancellationToken)
    {
        var supportCase = await db.SupportCases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId && c.OrganizationId == organizationId, cancellationToken);
        if (supportCase is null) return null;
        var diagnosis = new List<PartnerCaseDiagnosis>();
        foreach (var surface in supportCase.SurfacesToDiagnose)
        {
            var decided = await diagnose.DiagnoseAsync(organizationId, [surface], supportCase.IdentifierFor(surface), supportCase.Email, cancellationToken);
            diagnosis.AddRange(decided.Select(d => new PartnerCaseDiagnosis(d.Surface, d.Decision.Reason, d.Decision.Message, d.Decision.NextStep)));
        }

        var messages = supportCase.PublicMessages.ToList();
        var partnerIds = messages.Where(m => m.Kind == SupportCaseMessageKind.PartnerReply).Select(m => m.Author).Distinct().ToList();
        var partnerNames = await db.Users.AsNoTracking().Where(u => partnerIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? "Your organization" : u.DisplayName, cancellationToken);
        return new PartnerCaseDetail(supportCase.Id, supportCase.OpenedAt, supportCase.Category, supportCase.Surfaces, supportCase.Identifier,
            supportCase.CodexWorkspaceId, supportCase.Email, supportCase.ErrorMessage, supportCase.RequestId, supportCase.OccurredAt, supportCase.Status, diagnosis,
            [.. messages.Select(m => m.Kind == SupportCaseMessageKind.SupportReply
                ? new PartnerCaseMessage(true, "OpenAI Support", m.Text, m.At)
                : new PartnerCaseMessage(false, partnerNames.GetValueOrDefault(m.Author) ?? "Your organization", m.Text, m.At))],
            supportCase.Version);
    }

    /// <summary>
    /// The partner replies on one of their organization's cases. A case that waited on them goes back to the desk, and
    /// the reply is mailed to the case's assignee or, while nobody has taken it, to the support staff.
    /// </summary>
    public async Task<Outcome<Guid>> ReplyAsync(Guid organizationId, Guid caseId, Guid author, string? text, CancellationToken cancellationToken)
    {
        if (permissions.Refusal(ProgramAction.ReplyToSupportCase, new PortfolioOf(organizationId, Guid.Empty)) is { } refusal) return Outcome<Guid>.Forbidden(refusal);
        if (!PlainText.IsClean(text, multiline: true)) return Outcome<Guid>.Invalid("text", PlainText.Refused);
        if (string.IsNullOrWhiteSpace(text)) return Outcome<Guid>.Invalid("text", "Write your reply first.");
        if (text.Trim().Length > SupportCase.MaxNoteLength) return Outcome<Guid>.Invalid("text", $"A reply can be at most {SupportCase.MaxNoteLength} characters.");
        return await unitOfWork.RunUseCaseAsync(async ct =>
        {
            var found = await db.SupportCases.SingleOrDefaultAsync(c => c.Id == caseId && c.OrganizationId == organizationId, ct);
            if (found is null) return Outcome<Guid>.NotFound("No such case.");
            var before = new { found.Status, Messages = found.Messages.Count };
            found.ReplyFromPartner(text, author, clock.GetUtcNow());
            audit.Record(AuditAction.SupportCasePartnerReplied, "SupportCase", found.Id, before, new { found.Status, Messages = found.Messages.Count }, organizationId);

            var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => o.Name).SingleAsync(ct);
            var from = await db.Users.AsNoTracking().Where(u => u.Id == author).Select(u => u.Email).SingleOrDefaultAsync(ct) ?? found.Email;
            var url = new Uri(mail.Value.PublicUrl, $"/Support/Cases/Details/{found.Id}");
            foreach (var to in await DeskRecipientsAsync(found.AssigneeId, ct))
            {
                outbox.Queue(SupportMail.ReplyToDesk(to, organization, from, found.Status, found.Messages[^1].Text, url));
            }

            return Outcome<Guid>.Success(found.Id);
        }, cancellationToken);
    }

    /// <summary>
    /// Who on the desk hears of a partner's reply: the assignee, who is working the case; while nobody is (or the
    /// assignee's account is disabled), every support user, as a shared inbox would; with no support user, the admins.
    /// </summary>
    private async Task<IReadOnlyList<string>> DeskRecipientsAsync(Guid? assigneeId, CancellationToken cancellationToken)
    {
        if (assigneeId is { } assignee)
        {
            var email = await db.Users.AsNoTracking().Where(u => u.Id == assignee && !u.IsDisabled).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
            if (email is not null) return [email];
        }

        foreach (var role in new[] { Roles.Support, Roles.Admin })
        {
            var emails = await db.Users.AsNoTracking()
                .Where(u => !u.IsDisabled && u.Email != null && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)))
                .Select(u => u.Email!).ToListAsync(cancellationToken);
            if (emails.Count > 0) return emails;
        }

        return [];
    }
}

/// <summary>Support cases in a partner's words.</summary>
public static class SupportWords
{
    public static string Describe(SupportCaseStatus status) => status switch
    {
        SupportCaseStatus.Open => "Open — waiting for support",
        SupportCaseStatus.InProgress => "In progress — support is working on it",
        SupportCaseStatus.WaitingOnPartner => "Waiting for information from you",
        SupportCaseStatus.Resolved => "Resolved",
        _ => status.ToString(),
    };

    public static string Describe(SupportCaseCategory category) => category switch
    {
        SupportCaseCategory.AccessProblem => "Cannot use GPT-5.6 with an approved API organization or Codex workspace",
        SupportCaseCategory.TechnicalIssue => "Technical error with confirmed access",
        SupportCaseCategory.SlowOrEmptyResponse => "Requests take longer or return no content",
        _ => category.ToString(),
    };

    public static string Describe(AffectedSurfaces surfaces) => surfaces switch
    {
        AffectedSurfaces.Api => "API",
        AffectedSurfaces.Codex => "Codex",
        AffectedSurfaces.Both => "API and Codex",
        _ => surfaces.ToString(),
    };
}
