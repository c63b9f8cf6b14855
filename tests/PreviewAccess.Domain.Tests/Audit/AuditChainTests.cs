using System.Reflection;
using PreviewAccess.Domain.Audit;
using PreviewAccess.Domain.Tests.TestData;

namespace PreviewAccess.Domain.Tests.Audit;

/// <summary>
/// The audit log is append-only and chained with a keyed hash: editing a row or deleting one is detected, the first
/// broken event is named, and without the key nobody can re-hash the chain to hide it. Tampering is done by reflection,
/// as someone editing the table would.
/// </summary>
public sealed class AuditChainTests
{
    private static readonly Guid OrganizationId = new("0196a000-0000-7000-8000-0000000000aa");
    private static readonly AuditChainKey Key = AuditChainKey.FromText("the-domain-tests-audit-chain-key-0123456789");

    /// <summary>Four chained events with ids 1–4, as persistence would store them.</summary>
    private static List<AuditEvent> AChain()
    {
        var events = new List<AuditEvent>
        {
            new(Defaults.Start, "rep@openai.example", "organization.nominated", "Organization", "acme", null, "{\"status\":\"Nominated\"}", OrganizationId),
            new(Defaults.Start.AddHours(1), "rep@openai.example", "invitation.sent", "Invitation", "inv-1", null, "{\"email\":\"contact@acme.example\"}", OrganizationId),
            new(Defaults.Start.AddHours(2), "contact@acme.example", "organization.enrolling", "Organization", "acme", "{\"status\":\"Invited\"}", "{\"status\":\"Enrolling\"}", OrganizationId),
            new(Defaults.Start.AddHours(3), "system", "grant.enabled", "ScopeGrant", "grant-1", "{\"status\":\"Provisioning\"}", "{\"status\":\"Enabled\"}", OrganizationId),
        };

        var previous = string.Empty;
        for (var i = 0; i < events.Count; i++)
        {
            events[i].Chain(i + 1, previous, Key);
            previous = events[i].Hash;
        }

        return events;
    }

    private static void Set(AuditEvent auditEvent, string property, object? value) =>
        typeof(AuditEvent).GetProperty(property, BindingFlags.Public | BindingFlags.Instance)!.SetValue(auditEvent, value);

    public static TheoryData<string, object?> Tamperings => new()
    {
        { nameof(AuditEvent.At), Defaults.Start.AddHours(1).AddSeconds(1) },
        { nameof(AuditEvent.Actor), "someone-else@openai.example" },
        { nameof(AuditEvent.Action), "invitation.revoked" },
        { nameof(AuditEvent.SubjectType), "Organization" },
        { nameof(AuditEvent.SubjectId), "inv-2" },
        { nameof(AuditEvent.OrganizationId), null },
        { nameof(AuditEvent.Before), "{}" },
        { nameof(AuditEvent.After), "{\"email\":\"attacker@evil.example\"}" },
    };

    [Fact]
    public void An_untouched_chain_verifies()
    {
        var verification = AuditChain.Verify(AChain(), Key);

        Assert.Equal(new AuditVerification(true, 4, null), verification);
    }

    [Fact]
    public void An_empty_log_verifies()
    {
        Assert.Equal(new AuditVerification(true, 0, null), AuditChain.Verify([], Key));
    }

    [Fact]
    public void Each_event_carries_the_hash_of_the_one_before()
    {
        var events = AChain();

        Assert.Equal(string.Empty, events[0].PreviousHash);
        for (var i = 1; i < events.Count; i++) Assert.Equal(events[i - 1].Hash, events[i].PreviousHash);
        Assert.All(events, e => Assert.Equal(64, e.Hash.Length));
    }

    [Theory]
    [MemberData(nameof(Tamperings))]
    public void Editing_any_field_of_an_event_is_detected_at_that_event(string field, object? value)
    {
        var events = AChain();

        Set(events[1], field, value);
        var verification = AuditChain.Verify(events, Key);

        Assert.False(verification.Valid);
        Assert.Equal(2, verification.FirstBrokenId);
        Assert.Equal(2, verification.Checked);
    }

    [Fact]
    public void Recomputing_the_hash_of_an_edited_event_breaks_the_link_to_the_next()
    {
        var events = AChain();

        Set(events[1], nameof(AuditEvent.After), "{\"email\":\"attacker@evil.example\"}");
        Set(events[1], nameof(AuditEvent.Hash), AuditChain.ComputeHash(events[1], events[1].PreviousHash, Key));
        var verification = AuditChain.Verify(events, Key);

        Assert.False(verification.Valid);
        Assert.Equal(3, verification.FirstBrokenId);
    }

    [Fact]
    public void Removing_an_event_is_detected_at_the_one_after_it()
    {
        var events = AChain();

        events.RemoveAt(1);
        var verification = AuditChain.Verify(events, Key);

        Assert.False(verification.Valid);
        Assert.Equal(3, verification.FirstBrokenId);
    }

    [Fact]
    public void Removing_the_first_event_is_detected()
    {
        var events = AChain();

        events.RemoveAt(0);

        Assert.Equal(2, AuditChain.Verify(events, Key).FirstBrokenId);
    }

    [Fact]
    public void Swapping_two_events_is_detected()
    {
        var events = AChain();

        (events[1], events[2]) = (events[2], events[1]);

        Assert.Equal(3, AuditChain.Verify(events, Key).FirstBrokenId);
    }

    [Fact]
    public void Only_the_first_broken_event_is_reported()
    {
        var events = AChain();

        Set(events[2], nameof(AuditEvent.Actor), "x@openai.example");
        Set(events[3], nameof(AuditEvent.Actor), "y@openai.example");

        Assert.Equal(3, AuditChain.Verify(events, Key).FirstBrokenId);
    }

    [Fact]
    public void A_later_page_verifies_from_the_hash_before_it()
    {
        var events = AChain();

        Assert.True(AuditChain.Verify(events.Skip(2), Key, events[1].Hash).Valid);
        Assert.False(AuditChain.Verify(events.Skip(2), Key).Valid);
    }

    [Fact]
    public void An_event_is_chained_once()
    {
        var events = AChain();

        Assert.Throws<InvalidOperationException>(() => events[0].Chain(1, string.Empty, Key));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Chain_numbers_start_at_one(long id)
    {
        var auditEvent = new AuditEvent(Defaults.Start, "system", "grant.enabled", "ScopeGrant", "grant-1", null, null);

        Assert.Throws<ArgumentOutOfRangeException>(() => auditEvent.Chain(id, string.Empty, Key));
        Assert.Equal(string.Empty, auditEvent.Hash);
    }

    [Fact]
    public void Renumbering_an_event_is_detected()
    {
        var events = AChain();

        Set(events[1], nameof(AuditEvent.Id), 7L);
        var verification = AuditChain.Verify(events, Key);

        Assert.False(verification.Valid);
        Assert.Equal(7, verification.FirstBrokenId);
    }

    [Fact]
    public void The_event_keeps_its_place_in_the_chain()
    {
        Assert.Equal([1L, 2L, 3L, 4L], AChain().Select(e => e.Id));
    }

    [Fact]
    public void Fields_cannot_be_shifted_from_one_to_the_next_without_changing_the_hash()
    {
        var a = new AuditEvent(Defaults.Start, "ab", "c", "Type", "1", null, null);
        var b = new AuditEvent(Defaults.Start, "a", "bc", "Type", "1", null, null);
        var empty = new AuditEvent(Defaults.Start, "a", "b", "Type", "1", string.Empty, null);
        var missing = new AuditEvent(Defaults.Start, "a", "b", "Type", "1", null, null);

        Assert.NotEqual(AuditChain.ComputeHash(a, string.Empty, Key), AuditChain.ComputeHash(b, string.Empty, Key));
        Assert.NotEqual(AuditChain.ComputeHash(empty, string.Empty, Key), AuditChain.ComputeHash(missing, string.Empty, Key));
    }

    [Fact]
    public void Rehashing_the_chain_without_the_key_is_detected_at_the_edited_event()
    {
        var events = AChain();

        // Someone without the key rewrites event 2 and recomputes it and the rest with the unkeyed algorithm.
        Set(events[1], nameof(AuditEvent.Actor), "someone-else@openai.example");
        var previous = events[0].Hash;
        foreach (var e in events.Skip(1))
        {
            Set(e, nameof(AuditEvent.PreviousHash), previous);
            Set(e, nameof(AuditEvent.Hash), AuditChain.ComputeHash(e, previous, AuditChainKey.Unkeyed));
            previous = e.Hash;
        }

        var verification = AuditChain.Verify(events, Key);
        Assert.False(verification.Valid);
        Assert.Equal(2, verification.FirstBrokenId);
        Assert.True(AuditChain.Verify(events, AuditChainKey.Unkeyed).FirstBrokenId == 1, "Event 1 was chained with the key, not without.");
    }

    [Fact]
    public void A_chain_verifies_only_under_the_key_it_was_written_with()
    {
        var other = AuditChainKey.FromText("another-audit-chain-key-of-enough-length-42");

        Assert.Equal(1, AuditChain.Verify(AChain(), other).FirstBrokenId);
        Assert.NotEqual(Key.Id, other.Id);
        Assert.DoesNotContain("the-domain-tests", Key.Id, StringComparison.Ordinal);
    }

    [Fact]
    public void New_events_are_never_chained_without_a_key()
    {
        var auditEvent = new AuditEvent(Defaults.Start, "system", "grant.enabled", "ScopeGrant", "grant-1", null, null);

        Assert.Throws<ArgumentException>(() => auditEvent.Chain(1, string.Empty, AuditChainKey.Unkeyed));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("                                   ")]
    public void A_key_too_short_to_be_safe_is_refused(string secret)
    {
        Assert.Throws<ArgumentException>(() => AuditChainKey.FromText(secret));
    }

    [Theory]
    [InlineData("", "action")]
    [InlineData("actor", " ")]
    public void An_event_says_who_did_what(string actor, string action)
    {
        Assert.ThrowsAny<ArgumentException>(() => new AuditEvent(Defaults.Start, actor, action, "Organization", "acme", null, null));
    }
}
