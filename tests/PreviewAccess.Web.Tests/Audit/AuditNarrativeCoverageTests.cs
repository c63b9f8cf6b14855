using System.Reflection;
using PreviewAccess.Web.Features.Audit;

namespace PreviewAccess.Web.Tests.Audit;

/// <summary>
/// Every action the portal can record has a sentence of its own in <see cref="AuditNarrative"/>. The actions are
/// <see cref="AuditAction"/>'s declared list, read by reflection: <see cref="AuditTrail"/> accepts nothing else and only
/// that class makes one, so an action added without a sentence fails here instead of reaching the log as its code in words.
/// </summary>
public sealed class AuditNarrativeCoverageTests
{
    private static readonly Guid OrganizationId = Guid.NewGuid();

    public static TheoryData<string> DeclaredNames()
    {
        var names = new TheoryData<string>();
        foreach (var action in Declared()) names.Add(action.Name);
        return names;
    }

    [Fact]
    public void Every_action_the_portal_can_record_has_a_sentence_in_the_narrative()
    {
        var untold = Declared().Select(a => a.Name).Where(name => !AuditNarrative.Tells(name)).ToList();
        Assert.True(untold.Count == 0, "AuditNarrative has no sentence for: " + string.Join(", ", untold));
    }

    [Fact]
    public void The_declared_actions_are_found_and_each_name_is_declared_once()
    {
        var names = Declared().Select(a => a.Name).ToList();
        Assert.True(names.Count > 70, $"Only {names.Count} actions found on AuditAction: the reflection lost them.");
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, name => Assert.Matches("^[a-z]+(-[a-z]+)*\\.[a-z]+(-[a-z]+)*$", name));
    }

    [Theory]
    [MemberData(nameof(DeclaredNames))]
    public void Each_action_is_told_as_a_sentence_even_when_its_snapshots_say_nothing(string action)
    {
        var row = new AuditRow(1, new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), "rosa@rep.example", action, "Organization",
            Guid.NewGuid().ToString(), OrganizationId, "Litware Systems", Before: null, After: null);

        var story = AuditNarrative.Tell(row, AuditNames.None);

        Assert.EndsWith(".", story.Sentence, StringComparison.Ordinal);
        Assert.DoesNotContain(action, story.Sentence, StringComparison.Ordinal);
    }

    private static List<AuditAction> Declared() =>
        [.. typeof(AuditAction).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.FieldType == typeof(AuditAction))
            .Select(field => (AuditAction)field.GetValue(null)!)];
}
