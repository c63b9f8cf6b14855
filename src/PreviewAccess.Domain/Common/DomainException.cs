namespace PreviewAccess.Domain.Common;

/// <summary>
/// A rule of the program that an operation broke: the field of the request it concerns (a stable name such as
/// <c>ExpiresOn</c>, <c>Identifiers[1]</c> or <c>Justification</c>), or none when it is the current state that refuses.
/// </summary>
public sealed record BrokenRule(string? Field, string Message)
{
    /// <summary>True when the request itself is at fault on a field, rather than the state of what it acts on.</summary>
    public bool ConcernsAField => !string.IsNullOrEmpty(Field);
}

/// <summary>
/// A rule of the program refused an operation. Its message is written for a person; <see cref="Rules"/> says which
/// field of the request each broken rule concerns. The web turns rules on fields into errors on those fields (a 400 in
/// the API) and a refusal by the state into a message above the form (a 409).
/// </summary>
public sealed class DomainException : Exception
{
    public DomainException(string message) : this([new BrokenRule(null, message)]) { }

    public DomainException(string message, Exception innerException) : base(message, innerException) =>
        Rules = [new BrokenRule(null, message)];

    public DomainException() : this("The operation is not allowed.") { }

    /// <summary>A rule broken by one field of the request.</summary>
    public DomainException(string field, string message) : this([new BrokenRule(field, message)]) { }

    /// <summary>Every rule a request broke, so that a person sees them all at once.</summary>
    public DomainException(IReadOnlyList<BrokenRule> rules) : base(Describe(rules)) => Rules = rules;

    public IReadOnlyList<BrokenRule> Rules { get; } = [];

    /// <summary>The field of the first broken rule, or null when the state refused.</summary>
    public string? Field => Rules.Count > 0 ? Rules[0].Field : null;

    private static string Describe(IReadOnlyList<BrokenRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Count == 0) throw new ArgumentException("A refusal names at least one broken rule.", nameof(rules));
        return string.Join(' ', rules.Select(r => r.Message).Distinct());
    }
}

/// <summary>Collects the rules a request breaks, each with its field, so that they are reported together.</summary>
public sealed class BrokenRules
{
    private readonly List<BrokenRule> _rules = [];

    public int Count => _rules.Count;

    public IReadOnlyList<BrokenRule> All => _rules;

    public void Add(string field, string message) => _rules.Add(new BrokenRule(field, message));

    /// <summary>Throws one <see cref="DomainException"/> carrying every rule collected, if any.</summary>
    public void ThrowIfAny()
    {
        if (_rules.Count > 0) throw new DomainException([.. _rules]);
    }
}
