using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Common;
using PreviewAccess.Web.Features.Common;

namespace PreviewAccess.Web.Features.Access;

/// <summary>The gateway's question, as it arrives: every field a string until it is checked.</summary>
public sealed record CheckAccessInput(string? Surface, string? Identifier, string? Email, string? Model, string? Country);

/// <summary>The answer of API.md's access check.</summary>
public sealed record AccessAnswer(bool Allowed, AccessReason Reason, string Message, string NextStep, Guid? OrganizationId)
{
    public static AccessAnswer From(AccessDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new(decision.Allowed, decision.Reason, decision.Message, decision.NextStep, decision.OrganizationId);
    }
}

/// <summary>
/// The gateway's access check: malformed input is refused field by field; well-formed input is answered by
/// <see cref="AccessPolicy.Decide"/> over the facts of <see cref="IAccessFactsSource"/>.
/// </summary>
public sealed class CheckAccess(IAccessFactsSource facts, TimeProvider clock)
{
    public async ValueTask<Outcome<AccessAnswer>> HandleAsync(CheckAccessInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Made only when something is wrong: a gateway's well-formed question allocates no dictionary.
        Dictionary<string, string[]>? errors = null;
        void Refuse(string field, string message) => (errors ??= [])[field] = [message];

        var surface = ExactNames.TryParse<Surface>(input.Surface, out var parsed) ? parsed : (Surface?)null;
        if (surface is null) Refuse("surface", "Use one of the surfaces Api, Codex or ChatGPT, spelled exactly.");

        var identifier = input.Identifier?.Trim() ?? string.Empty;
        if (identifier.Length == 0) Refuse("identifier", "Give the API organization ID or Codex workspace ID.");
        else if (surface is { } s && !IsWellFormedFor(s, identifier)) Refuse("identifier", $"This is not well formed: {HintFor(s)}.");

        if (!EmailAddress.IsValid(input.Email)) Refuse("email", "Give the account email as a valid email address.");
        if (!string.IsNullOrEmpty(input.Country) && !Countries.IsValid(input.Country)) Refuse("country", "Give the country as an ISO 3166-1 alpha-2 code, e.g. US.");

        var model = input.Model?.Trim() ?? string.Empty;
        if (model.Length == 0 || model.Length > PreviewModel.MaxIdLength) Refuse("model", "Give the id of a model of the preview, e.g. gpt-5.6-sol.");
        if (errors is not null) return Outcome<AccessAnswer>.Invalid(errors);

        var email = EmailAddress.Normalize(input.Email!);
        var loaded = await facts.LoadAsync(identifier, email, cancellationToken);
        if (!loaded.ModelIds.Contains(model)) return Outcome<AccessAnswer>.Invalid("model", "This is not a model of the preview.");

        var request = new AccessRequest(surface!.Value, identifier, email, model, string.IsNullOrEmpty(input.Country) ? null : input.Country);
        return Outcome<AccessAnswer>.Success(AccessAnswer.From(AccessPolicy.Decide(request, loaded.Directory, loaded.UnsupportedCountries, clock.GetUtcNow())));
    }

    /// <summary>ChatGPT is not in the preview, yet the question is well formed with either kind of identifier.</summary>
    private static bool IsWellFormedFor(Surface surface, string identifier) =>
        surface.IsInPreview() ? Identifiers.IsValidFor(surface, identifier) : Identifiers.IsWellFormed(identifier);

    private static string HintFor(Surface surface) => surface.IsInPreview()
        ? Identifiers.FormatHint(surface)
        : $"{Identifiers.FormatHint(Surface.Api)}; {Identifiers.FormatHint(Surface.Codex)}";
}
