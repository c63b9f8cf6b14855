namespace PreviewAccess.Web.Features.Common;

/// <summary>
/// How a state reads at a glance. Every status of the program has one tone, and every tone one colour, so the same
/// status has the same colour on every page. The colour repeats the words; it never replaces them.
/// </summary>
public enum StatusTone
{
    /// <summary>Nothing requested, nothing happening yet, or finished with nothing left to do.</summary>
    Neutral,

    /// <summary>Moving and not yet access: invited, under review, approved, scheduled, provisioning.</summary>
    Waiting,

    /// <summary>Held until someone acts: more information asked, enrollment not submitted, a paused wave.</summary>
    ActionNeeded,

    /// <summary>An enabled grant: the only state that is access, and the only one shown in green.</summary>
    Enabled,

    /// <summary>Declined, suspended, revoked, expired, failed.</summary>
    Stopped,

    /// <summary>A key, a user, an endpoint or a setting that is switched on. Never program access (that is <see cref="Enabled"/>).</summary>
    InUse,
}

/// <summary>A status as people read it: words first, the tone's colour beside them, and a hint on hover.</summary>
public sealed record StatusLabel(string Text, StatusTone Tone, string? Hint = null)
{
    /// <summary>The Bootstrap badge class of <see cref="Tone"/>.</summary>
    public string CssClass => Vocabulary.Badge(Tone);
}
