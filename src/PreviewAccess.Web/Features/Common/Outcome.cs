using FluentValidation.Results;
using PreviewAccess.Domain.Common;

namespace PreviewAccess.Web.Features.Common;

/// <summary>How a use case ended, in terms both the pages and the JSON API can show.</summary>
public enum OutcomeKind
{
    /// <summary>Done.</summary>
    Success,

    /// <summary>Bad input: field errors (400 / errors next to the fields).</summary>
    Invalid,

    /// <summary>No such thing, or not one the caller may see (404).</summary>
    NotFound,

    /// <summary>The caller's role or portfolio does not allow it (403 / the access-denied page): <see cref="Authorization.ProgramRules"/>.</summary>
    Forbidden,

    /// <summary>The current state does not allow it, or someone changed it meanwhile (409 / a message on the form).</summary>
    Conflict,
}

/// <summary>
/// The result of a use case. Field errors are keyed by the input's property names in camelCase,
/// as the API contract wants them; pages map them back onto their own fields.
/// </summary>
public sealed record Outcome<T>
{
    private Outcome(OutcomeKind kind, T? value, IReadOnlyDictionary<string, string[]> errors, string? message)
    {
        Kind = kind;
        Value = value;
        Errors = errors;
        Message = message;
    }

    public OutcomeKind Kind { get; }

    public T? Value { get; }

    public IReadOnlyDictionary<string, string[]> Errors { get; }

    public string? Message { get; }

    public bool Succeeded => Kind == OutcomeKind.Success;

    public static Outcome<T> Success(T value) => new(OutcomeKind.Success, value, Empty, null);

    public static Outcome<T> Invalid(IReadOnlyDictionary<string, string[]> errors) => new(OutcomeKind.Invalid, default, errors, "The request has invalid fields.");

    public static Outcome<T> Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static Outcome<T> Invalid(ValidationResult validation)
    {
        ArgumentNullException.ThrowIfNull(validation);
        return Invalid(validation.Errors
            .GroupBy(e => FieldName(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()));
    }

    /// <summary>
    /// The one way a rule the domain refused becomes an outcome: rules that name a field of the request are field
    /// errors (a 400 on that key in the API, an error next to that field on a page); a refusal by the current state is a
    /// conflict (a 409, a message above the form). <c>ExpiresOn</c> → <c>expiresOn</c>, <c>Identifiers[1]</c> → <c>identifiers[1]</c>.
    /// </summary>
    public static Outcome<T> Refused(DomainException refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return Refused(refusal.Rules);
    }

    /// <inheritdoc cref="Refused(DomainException)"/>
    public static Outcome<T> Refused(IReadOnlyList<BrokenRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var state = rules.Where(r => !r.ConcernsAField).Select(r => r.Message).Distinct().ToList();
        if (state.Count > 0) return Conflict(string.Join(' ', state));
        return Invalid(rules
            .GroupBy(r => FieldName(r.Field!))
            .ToDictionary(g => g.Key, g => g.Select(r => r.Message).Distinct().ToArray()));
    }

    public static Outcome<T> NotFound(string message = "Not found.") => new(OutcomeKind.NotFound, default, Empty, message);

    public static Outcome<T> Conflict(string message) => new(OutcomeKind.Conflict, default, Empty, message);

    public static Outcome<T> Forbidden(string message) => new(OutcomeKind.Forbidden, default, Empty, message);

    /// <summary>Carries a failure over to a use case with another result type.</summary>
    public Outcome<TOther> As<TOther>() => Kind == OutcomeKind.Success
        ? throw new InvalidOperationException("A success has a value; map it instead.")
        : new Outcome<TOther>(Kind, default, Errors, Message);

    /// <summary><c>Identifiers[0]</c> → <c>identifiers[0]</c>, <c>Enrollment.LegalName</c> → <c>enrollment.legalName</c>.</summary>
    public static string FieldName(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));

    private static readonly IReadOnlyDictionary<string, string[]> Empty = new Dictionary<string, string[]>();
}

public static class Outcome
{
    public const string ChangedMeanwhile = "Someone else changed this while you were working on it. Reload to see the current state, then try again.";
}
