using PreviewAccess.Domain.Access;
using PreviewAccess.Domain.Catalog;
using PreviewAccess.Domain.Grants;
using PreviewAccess.Web.Features.Access;

namespace PreviewAccess.Web.Tests.Gateway;

/// <summary>The snapshot's compact layout gives back exactly the facts it was built from, and finds them as the database directory does.</summary>
public sealed class CompactFactsTests
{
    private static readonly Dictionary<Guid, long> NothingChanged = [];
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_organization_comes_back_with_every_fact_it_was_built_from_whatever_order_the_rows_arrive_in()
    {
        var (older, newer) = (Guid.NewGuid(), Guid.NewGuid());
        var builder = new CompactFactsBuilder(2, 4, 4);
        builder.AddOrganization(newer, suspended: true, Monday.AddDays(1), ["b@example.com"]);
        builder.AddOrganization(older, suspended: false, Monday, ["a@example.com", "shared@example.com"]);
        builder.AddGrant(newer, Surface.Codex, "wrk-b", GrantStatus.Approved, ["gpt-5.6-sol"], ["b@example.com"], null);
        builder.AddGrant(older, Surface.Api, "org-a", GrantStatus.Enabled, ["gpt-5.6-sol", "gpt-5.6-terra"], ["a@example.com", "shared@example.com"], new DateOnly(2027, 1, 31));
        builder.AddEnrollmentIdentifier(newer, "wrk-b");
        builder.AddEnrollmentIdentifier(older, "org-a");
        builder.AddGrant(older, Surface.Api, "org-a", GrantStatus.Revoked, ["gpt-5.6-terra"], ["a@example.com"], null);
        builder.AddGrant(Guid.NewGuid(), Surface.Api, "org-orphan", GrantStatus.Enabled, ["gpt-5.6-sol"], ["x@example.com"], null);
        var facts = builder.Build();

        Assert.Equal(2, facts.OrganizationCount);
        Assert.Equal(3, facts.GrantCount);
        var a = facts.Materialize(facts.FindByIdentifier("org-a", NothingChanged));
        Assert.Equal((older, false, Monday), (a.OrganizationId, a.Suspended, a.CreatedAt));
        Assert.Equal(["org-a"], a.EnrollmentIdentifiers);
        Assert.Equal(["a@example.com", "shared@example.com"], a.EnrollmentEmails);
        Assert.Equal(2, a.Grants.Count);
        var enabled = a.Grants.Single(g => g.Status == GrantStatus.Enabled);
        Assert.Equal((Surface.Api, "org-a", GrantStatus.Enabled, new DateOnly(2027, 1, 31)), (enabled.Surface, enabled.Identifier, enabled.Status, enabled.ExpiresOn));
        Assert.True(enabled.Models.SetEquals(["gpt-5.6-sol", "gpt-5.6-terra"]));
        Assert.True(enabled.AccountEmails.SetEquals(["a@example.com", "shared@example.com"]));
        var revoked = a.Grants.Single(g => g.Status == GrantStatus.Revoked);
        Assert.Equal((GrantStatus.Revoked, (DateOnly?)null), (revoked.Status, revoked.ExpiresOn));
        Assert.True(revoked.AccountEmails.SetEquals(["a@example.com"]));

        var b = facts.Materialize(facts.FindByEmail("b@example.com", NothingChanged));
        Assert.Equal((newer, true), (b.OrganizationId, b.Suspended));
        Assert.Equal(Surface.Codex, Assert.Single(b.Grants).Surface);
        Assert.Equal(-1, facts.FindByIdentifier("org-orphan", NothingChanged));
        Assert.Equal(-1, facts.FindByEmail("x@example.com", NothingChanged));
        Assert.False(facts.Contains(Guid.Empty));
    }

    [Fact]
    public void A_key_several_organizations_know_answers_with_the_oldest_that_has_not_changed()
    {
        var (oldest, middle, newest) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var builder = new CompactFactsBuilder(3, 3, 3);
        builder.AddOrganization(newest, false, Monday.AddDays(2), ["shared@example.com"]);
        builder.AddOrganization(middle, false, Monday.AddDays(1), []);
        builder.AddOrganization(oldest, false, Monday, ["shared@example.com"]);
        builder.AddGrant(middle, Surface.Api, "org-m", GrantStatus.Enabled, ["gpt-5.6-sol"], ["shared@example.com"], null);
        var facts = builder.Build();

        Assert.Equal(oldest, Id(facts.FindByEmail("shared@example.com", NothingChanged)));
        Assert.Equal(middle, Id(facts.FindByEmail("shared@example.com", new Dictionary<Guid, long> { [oldest] = 1 })));
        Assert.Equal(newest, Id(facts.FindByEmail("shared@example.com", new Dictionary<Guid, long> { [oldest] = 1, [middle] = 2 })));
        Assert.Equal(-1, facts.FindByEmail("shared@example.com", new Dictionary<Guid, long> { [oldest] = 1, [middle] = 2, [newest] = 3 }));

        // The same order as the directory the database path builds.
        var directory = new InMemoryAccessDirectory(Enumerable.Range(0, facts.OrganizationCount).Select(facts.Materialize));
        Assert.Equal(directory.FindByEmail("shared@example.com")!.OrganizationId, Id(facts.FindByEmail("shared@example.com", NothingChanged)));

        Guid Id(int organization) => facts.OrganizationId(organization);
    }

    [Fact]
    public void Grants_arriving_in_any_order_come_back_each_with_its_own_organization_in_arrival_order()
    {
        var random = new Random(20261126);
        var organizations = Enumerable.Range(0, 300).Select(i => (Id: Guid.NewGuid(), Created: Monday.AddMinutes(i))).ToList();
        var builder = new CompactFactsBuilder(1, 1, 1);
        foreach (var (id, created) in organizations) builder.AddOrganization(id, false, created, []);
        var expected = organizations.ToDictionary(o => o.Id, _ => new List<string>());
        var rows = organizations.SelectMany(o => Enumerable.Range(0, random.Next(0, 12)).Select(n => (o.Id, Identifier: $"org-{o.Id:N}-{n}"))).OrderBy(_ => random.Next()).ToList();
        foreach (var (id, identifier) in rows)
        {
            builder.AddGrant(id, Surface.Api, identifier, GrantStatus.Enabled, ["gpt-5.6-sol"], [$"{identifier}@example.com"], null);
            expected[id].Add(identifier);
        }

        var facts = builder.Build();

        Assert.Equal(rows.Count, facts.GrantCount);
        for (var i = 0; i < facts.OrganizationCount; i++)
        {
            var organization = facts.Materialize(i);
            Assert.Equal(expected[organization.OrganizationId], organization.Grants.Select(g => g.Identifier));
            Assert.All(organization.Grants, g => Assert.Equal([$"{g.Identifier}@example.com"], g.AccountEmails));
        }
    }

    [Fact]
    public void Grants_naming_the_same_emails_share_them_and_each_grant_keeps_exactly_its_own()
    {
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var builder = new CompactFactsBuilder(2, 1, 1);
        builder.AddOrganization(first, false, Monday, []);
        builder.AddOrganization(second, false, Monday.AddDays(1), []);
        string[][] lists =
        [
            ["a@example.com", "b@example.com"], ["a@example.com", "b@example.com"], ["b@example.com", "a@example.com"],
            ["a@example.com"], [], ["a@example.com", "b@example.com", "c@example.com"], [],
            .. Enumerable.Range(0, 12).Select(i => new[] { $"p{i}@example.com" }), ["a@example.com"], ["p0@example.com"],
        ];
        var expected = new Dictionary<string, string[]>();
        for (var i = 0; i < lists.Length; i++)
        {
            // The second organization's rows interleave with the first's: sharing never crosses organizations.
            var organization = i % 5 == 4 ? second : first;
            var identifier = $"wrk-{i}";
            builder.AddGrant(organization, Surface.Codex, identifier, GrantStatus.Enabled, ["gpt-5.6-luna"], lists[i], null);
            expected[identifier] = lists[i];
        }

        var facts = builder.Build();

        Assert.Equal(lists.Length, facts.GrantCount);
        var grants = Enumerable.Range(0, facts.OrganizationCount).SelectMany(o => facts.Materialize(o).Grants).ToList();
        Assert.Equal(lists.Length, grants.Count);
        Assert.All(grants, g => Assert.Equal(expected[g.Identifier], g.AccountEmails));
        Assert.All(grants, g => Assert.Equal(expected[g.Identifier].Length, g.AccountEmails.Count));
        Assert.Equal(second, facts.OrganizationId(facts.FindByEmail("p2@example.com", NothingChanged)));
        Assert.Equal(first, facts.OrganizationId(facts.FindByEmail("a@example.com", NothingChanged)));
    }

    [Fact]
    public void Every_organization_built_is_found_by_its_id_and_no_other_id_is()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => Guid.NewGuid()).ToList();
        var builder = new CompactFactsBuilder(ids.Count, 100_000, 100_000);
        foreach (var id in ids) builder.AddOrganization(id, false, Monday, []);
        builder.AddEnrollmentIdentifier(ids[0], "org-first");
        builder.AddGrant(ids[^1], Surface.Api, "org-last", GrantStatus.Enabled, ["gpt-5.6-sol"], ["last@example.com"], null);
        var facts = builder.Build();

        Assert.All(ids, id => Assert.True(facts.Contains(id)));
        Assert.All(Enumerable.Range(0, 1000), _ => Assert.False(facts.Contains(Guid.NewGuid())));
        Assert.False(facts.Contains(Guid.Empty));
        Assert.False(CompactFacts.Empty.Contains(ids[0]));
        // Tables sized for a hundred thousand keys and given two are shrunk at the build, and still find them.
        Assert.Equal(ids[0], facts.OrganizationId(facts.FindByIdentifier("org-first", NothingChanged)));
        Assert.Equal(ids[^1], facts.OrganizationId(facts.FindByIdentifier("org-last", NothingChanged)));
        Assert.Equal(-1, facts.FindByIdentifier("org-middle", NothingChanged));
    }

    /// <param name="throughItsImage">The layout written as the image stored for the next instance, and read back from it.</param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_decision_over_the_compact_layout_is_the_decision_over_the_facts_it_was_built_from(bool throughItsImage)
    {
        var random = new Random(1126);
        string[] models = ["gpt-5.6-sol", "gpt-5.6-terra", "gpt-5.6-luna"];
        var today = DateOnly.FromDateTime(Monday.UtcDateTime);
        var organizations = new List<OrganizationFacts>();
        var (identifiers, emails) = (new List<string>(), new List<string>());
        var builder = new CompactFactsBuilder(1, 1, 1);
        for (var o = 0; o < 60; o++)
        {
            var (id, created, suspended) = (Guid.NewGuid(), Monday.AddHours(-random.Next(1000)), random.Next(10) == 0);
            // Mostly its own identifiers and people; now and then one an older organization also knows.
            string[] own = [.. Enumerable.Range(0, 3).Select(i => random.Next(8) == 0 && identifiers.Count > 0 ? identifiers[random.Next(identifiers.Count)] : $"wrk-{o}-{i}")];
            string[] people = [.. Enumerable.Range(0, 3).Select(i => random.Next(8) == 0 && emails.Count > 0 ? emails[random.Next(emails.Count)] : $"p{i}@o{o}.example")];
            (identifiers, emails) = ([.. identifiers.Union(own)], [.. emails.Union(people)]);
            var enrolled = own.Where(_ => random.Next(2) == 0).Distinct().ToArray();
            builder.AddOrganization(id, suspended, created, people[..2]);
            foreach (var identifier in enrolled) builder.AddEnrollmentIdentifier(id, identifier);
            var grants = new List<GrantFacts>();
            foreach (var identifier in own)
            {
                // None, one, or two grants per identifier: on either surface, twice on one, in any state.
                for (var g = random.Next(0, 3); g > 0; g--)
                {
                    GrantStatus[] statuses = [GrantStatus.Enabled, GrantStatus.Enabled, GrantStatus.Approved, GrantStatus.Revoked, GrantStatus.Suspended, GrantStatus.Expired];
                    var grant = new GrantFacts((Surface)random.Next(2), identifier, statuses[random.Next(statuses.Length)],
                        models.Where(_ => random.Next(3) > 0).ToHashSet(), people.Where(_ => random.Next(3) > 0).ToHashSet(),
                        random.Next(3) == 0 ? today.AddDays(random.Next(-2, 3)) : null);
                    builder.AddGrant(id, grant.Surface, grant.Identifier, grant.Status, [.. grant.Models], [.. grant.AccountEmails], grant.ExpiresOn);
                    grants.Add(grant);
                }
            }

            organizations.Add(new OrganizationFacts(id, suspended, created, enrolled.ToHashSet(), people[..2].ToHashSet(), grants));
        }

        var expected = new InMemoryAccessDirectory(organizations);
        var compact = new CompactDirectory(throughItsImage ? ThroughImage(builder.Build()) : builder.Build());
        var unsupported = new HashSet<string> { "KP" };
        var reasons = new HashSet<AccessReason>();
        foreach (var surface in Enum.GetValues<Surface>())
        foreach (var identifier in identifiers.Append("wrk-nobody"))
        foreach (var email in emails.Where(_ => random.Next(6) == 0).Append("nobody@example.com"))
        foreach (var model in models)
        {
            var request = new AccessRequest(surface, identifier, email, model, random.Next(8) == 0 ? "KP" : null);
            var decision = AccessPolicy.Decide(request, expected, unsupported, Monday);
            Assert.Equal(decision, AccessPolicy.Decide(request, compact, unsupported, Monday));
            reasons.Add(decision.Reason);
        }

        // Every answer the decision has was asked for at least once.
        Assert.Equal(Enum.GetValues<AccessReason>().ToHashSet(), reasons);

        // Enumerating an organization's grants still gives every one of them, with its own identifier, in order.
        var built = compact.Facts;
        for (var i = 0; i < built.OrganizationCount; i++)
        {
            var organization = built.Materialize(i);
            var source = organizations.Single(o => o.OrganizationId == organization.OrganizationId);
            Assert.Equal(source.Grants.Select(g => (g.Surface, g.Identifier, g.Status, g.ExpiresOn)), organization.Grants.Select(g => (g.Surface, g.Identifier, g.Status, g.ExpiresOn)));
        }
    }

    [Fact]
    public void An_image_cut_short_or_with_a_broken_length_is_refused_not_half_read()
    {
        var builder = new CompactFactsBuilder(1, 1, 1);
        var organization = Guid.NewGuid();
        builder.AddOrganization(organization, false, Monday, ["a@example.com"]);
        builder.AddGrant(organization, Surface.Api, "org-a", GrantStatus.Enabled, ["gpt-5.6-sol"], ["a@example.com"], null);
        using var image = new MemoryStream();
        builder.Build().WriteImage(image);
        var bytes = image.ToArray();

        Assert.Throws<InvalidDataException>(() => CompactFacts.ReadImage(new MemoryStream(bytes[..^3])));
        Assert.Throws<InvalidDataException>(() => CompactFacts.ReadImage(new MemoryStream(bytes[..(bytes.Length / 2)])));
        var wrongSize = (byte[])bytes.Clone();
        wrongSize[0] ^= 0x40;
        Assert.Throws<InvalidDataException>(() => CompactFacts.ReadImage(new MemoryStream(wrongSize)));
        // The organizations' length (after the three record sizes) made far larger than the image.
        var hugeLength = (byte[])bytes.Clone();
        hugeLength[15] = 0x7F;
        Assert.Throws<InvalidDataException>(() => CompactFacts.ReadImage(new MemoryStream(hugeLength)));
        Assert.Equal(0, CompactFacts.ReadImage(new MemoryStream(bytes)).FindByIdentifier("org-a", NothingChanged));
    }

    private static CompactFacts ThroughImage(CompactFacts facts)
    {
        using var image = new MemoryStream();
        facts.WriteImage(image);
        image.Position = 0;
        var read = CompactFacts.ReadImage(image);
        Assert.Equal(image.Length, image.Position);
        return read;
    }

    private sealed class CompactDirectory(CompactFacts facts) : IAccessDirectory
    {
        public CompactFacts Facts => facts;

        // As the snapshot does: found by identifier, the organization knows that identifier's key already.
        public OrganizationFacts? FindByIdentifier(string identifier)
        {
            var organization = facts.FindByIdentifier(identifier, NothingChanged, out var key);
            return organization < 0 ? null : facts.Materialize(organization, identifier, key);
        }

        public OrganizationFacts? FindByEmail(string normalizedEmail) => Found(facts.FindByEmail(normalizedEmail, NothingChanged));

        private OrganizationFacts? Found(int organization) => organization < 0 ? null : facts.Materialize(organization);
    }

    [Fact]
    public void Keys_are_found_exactly_past_any_growth_of_the_tables_and_in_any_script()
    {
        var organization = Guid.NewGuid();
        var builder = new CompactFactsBuilder(1, 1, 1);
        builder.AddOrganization(organization, false, Monday, ["zoë.müller@exämple.com", "李@例子.中国"]);
        var identifiers = Enumerable.Range(0, 5000).Select(i => $"org-{i:D24}").ToList();
        foreach (var identifier in identifiers) builder.AddEnrollmentIdentifier(organization, identifier);
        var facts = builder.Build();

        Assert.All(identifiers, identifier => Assert.Equal(0, facts.FindByIdentifier(identifier, NothingChanged)));
        Assert.Equal(0, facts.FindByEmail("zoë.müller@exämple.com", NothingChanged));
        Assert.Equal(0, facts.FindByEmail("李@例子.中国", NothingChanged));
        Assert.Equal(["zoë.müller@exämple.com", "李@例子.中国"], facts.Materialize(0).EnrollmentEmails);
        Assert.Equal(identifiers, facts.Materialize(0).EnrollmentIdentifiers.ToList());

        Assert.Equal(-1, facts.FindByIdentifier("org-000000000000000000005000", NothingChanged));
        Assert.Equal(-1, facts.FindByIdentifier("org-00000000000000000000000", NothingChanged));
        Assert.Equal(-1, facts.FindByIdentifier("ORG-000000000000000000000001", NothingChanged));
        Assert.Equal(-1, facts.FindByIdentifier(string.Empty, NothingChanged));
        Assert.Equal(-1, facts.FindByEmail("zoe.muller@example.com", NothingChanged));
        // Not valid UTF-16 (a lone surrogate): no UTF-8 form, so no key, rather than the replacement character's.
        Assert.Equal(-1, facts.FindByEmail("\ud800@example.com", NothingChanged));
        Assert.Equal(-1, facts.FindByEmail(new string('a', 5000), NothingChanged));
    }
}
