using PreviewAccess.Domain.Access;

namespace PreviewAccess.Domain.Tests.Access;

/// <summary>DOMAIN.md step 2, the one rule every store of facts follows: by identifier, else by email; of several, the oldest.</summary>
public sealed class AccessLookupTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static OrganizationFacts Organization(Guid id, DateTimeOffset createdAt, string[] identifiers, string[] emails) =>
        new(id, false, createdAt, identifiers.ToHashSet(StringComparer.Ordinal), emails.ToHashSet(StringComparer.Ordinal), []);

    [Fact]
    public void The_organization_naming_the_identifier_wins_over_an_older_one_that_only_knows_the_email()
    {
        var knowsEmail = Organization(Guid.NewGuid(), Monday, ["org-aaaaaaaaaaaaaaaaaaaaaaaa"], ["dev@example.com"]);
        var namesIdentifier = Organization(Guid.NewGuid(), Monday.AddDays(3), ["org-bbbbbbbbbbbbbbbbbbbbbbbb"], ["other@example.com"]);
        var directory = new InMemoryAccessDirectory([namesIdentifier, knowsEmail]);

        Assert.Same(namesIdentifier, AccessLookup.Find(directory, "org-bbbbbbbbbbbbbbbbbbbbbbbb", "dev@example.com"));
        Assert.Same(knowsEmail, AccessLookup.Find(directory, "org-cccccccccccccccccccccccc", "dev@example.com"));
        Assert.Null(AccessLookup.Find(directory, "org-cccccccccccccccccccccccc", "nobody@example.com"));
    }

    [Fact]
    public void Of_several_organizations_that_know_a_key_the_oldest_answers_and_at_the_same_moment_the_lower_id()
    {
        var (low, high) = (new Guid("00000000-0000-0000-0000-000000000001"), new Guid("00000000-0000-0000-0000-000000000002"));
        var newest = Organization(Guid.Empty, Monday.AddDays(1), ["shared-workspace"], ["shared@example.com"]);
        var oldestHigh = Organization(high, Monday, ["shared-workspace"], ["shared@example.com"]);
        var oldestLow = Organization(low, Monday, ["shared-workspace"], ["shared@example.com"]);

        foreach (var order in new[] { new[] { newest, oldestHigh, oldestLow }, [oldestLow, newest, oldestHigh], [oldestHigh, oldestLow, newest] })
        {
            var directory = new InMemoryAccessDirectory(order);
            Assert.Same(oldestLow, AccessLookup.Find(directory, "shared-workspace", "x@example.com"));
            Assert.Same(oldestLow, AccessLookup.Find(directory, "unknown", "shared@example.com"));
        }

        Assert.True(AccessLookup.CompareAge(Monday, high, Monday.AddTicks(1), low) < 0);
    }
}
