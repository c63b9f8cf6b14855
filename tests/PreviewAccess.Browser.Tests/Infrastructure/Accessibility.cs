using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace PreviewAccess.Browser.Tests.Infrastructure;

/// <summary>Runs axe-core on the page as it is now.</summary>
public static class Accessibility
{
    private static readonly HashSet<string> BlockingImpacts = new(["serious", "critical"], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Only violations are reported in full: axe then lists every other result type with one example node instead of all
    /// of them, which makes each run (dozens per test run) several times cheaper to serialize and read back.
    /// </summary>
    private static readonly AxeRunOptions ViolationsOnly = new() { ResultTypes = [ResultType.Violations] };

    /// <summary>Fails the test with every "serious" or "critical" violation: rule, impact, help and the elements concerned.</summary>
    public static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var result = await page.RunAxe(ViolationsOnly);

        var blocking = (result.Violations ?? []).Where(v => v.Impact is not null && BlockingImpacts.Contains(v.Impact)).ToList();
        if (blocking.Count == 0) return;

        var report = new StringBuilder()
            .Append("axe-core found ").Append(blocking.Count).Append(" serious or critical accessibility violation(s) on ").Append(page.Url).AppendLine(":");
        foreach (var violation in blocking) Describe(report, violation);
        Assert.Fail(report.ToString());
    }

    private static void Describe(StringBuilder report, AxeResultItem violation)
    {
        report.Append("- ").Append(violation.Id).Append(" (").Append(violation.Impact).Append("): ").Append(violation.Help)
            .Append(" — ").AppendLine(violation.HelpUrl);
        foreach (var node in violation.Nodes ?? [])
        {
            report.Append("    at ").Append(node.Target?.ToString() ?? "(no selector)").Append("  ").AppendLine(node.Html);
        }
    }
}
