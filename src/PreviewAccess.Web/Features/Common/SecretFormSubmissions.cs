using System.Collections.Concurrent;

namespace PreviewAccess.Web.Features.Common;

/// <summary>
/// The forms that create something with a secret shown once (an API key, a webhook endpoint) this instance has acted
/// on, so that one form makes at most one: the secret is rendered in the answer to the POST, so a reload of that page
/// re-sends the form, and a double click sends it twice. Each form carries an id of its own; the first submission
/// claims it, and a submission that claims nothing is told the thing exists already (its secret is not shown again). A
/// claim is given back when nothing was created (invalid input), so the corrected form can be sent. Held in memory for
/// <see cref="Lifetime"/>: a resubmission that reaches another instance is not caught.
/// </summary>
public sealed class SecretFormSubmissions(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<(Guid User, Guid Form), Claim> _claims = new();

    /// <summary>True for the first submission of this form by this user; false, with the created thing's name once known, after that.</summary>
    public bool TryClaim(Guid user, Guid form, out string? createdName)
    {
        var now = clock.GetUtcNow();
        foreach (var (id, claim) in _claims)
        {
            if (now - claim.At > Lifetime) _claims.TryRemove(id, out _);
        }

        var mine = new Claim(now);
        var held = _claims.GetOrAdd((user, form), mine);
        createdName = held.CreatedName;
        return ReferenceEquals(held, mine);
    }

    public void Created(Guid user, Guid form, string name)
    {
        if (_claims.TryGetValue((user, form), out var claim)) claim.CreatedName = name;
    }

    public void Release(Guid user, Guid form) => _claims.TryRemove((user, form), out _);

    private sealed class Claim(DateTimeOffset at)
    {
        public DateTimeOffset At { get; } = at;

        public volatile string? CreatedName;
    }
}
