using AngleSharp.Html.Dom;
using PreviewAccess.Web.Features.Seeding;
using PreviewAccess.Web.Tests.Hosting;
using PreviewAccess.Web.Tests.Infrastructure;

namespace PreviewAccess.Web.Tests.Admin;

/// <summary>
/// Staff forms mark a refused field as the partner forms do: aria-invalid, the red border, a message the field points at,
/// and a summary at the top whose links lead to the fields. A review sent with nothing chosen reports every missing part at once.
/// </summary>
[Collection(AdminPagesCollectionDefinition.Name)]
public sealed class StaffFormErrorTests(PostgresServer postgres) : PortalTest(postgres)
{
    [Fact]
    public async Task A_refused_field_is_marked_invalid_points_at_its_message_and_is_linked_from_the_summary()
    {
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var form = await rep.GetPageAsync("/Admin/Organizations/Create");
        var page = await rep.SubmitInvalidAsync(form, "#organization-form", new Dictionary<string, string>
        {
            ["Input.Name"] = "  ", ["Input.Country"] = "XX", ["Input.AccountRepEmail"] = DemoData.RepEmail,
        });

        AssertMarkedInvalid(page, "Input.Name", "Enter the organization's name.");
        AssertMarkedInvalid(page, "Input.Country", "Enter a two-letter ISO 3166-1 country code");
        // The country field keeps its help text, and adds its message.
        Assert.Contains("country-help", page.QuerySelector("input[name='Input.Country']")!.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        var valid = page.QuerySelector("select[name='Input.AccountRepEmail']")!;
        Assert.Null(valid.GetAttribute("aria-invalid"));
        Assert.DoesNotContain("is-invalid", valid.ClassName ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_decision_sent_with_nothing_chosen_reports_the_decision_and_the_justification_together()
    {
        var arranged = await App.UnderReviewAsync();
        using var rep = await App.SignedInAsync(DemoData.RepEmail);
        var form = await rep.GetPageAsync($"/Admin/Review/Decide/{arranged.Id}/Api");

        var page = await rep.SubmitInvalidAsync(form, "#decision-form", new Dictionary<string, string> { ["Input.Justification"] = " " });

        Assert.Equal("Choose whether to approve, decline or ask for more information.", page.FieldError("Input.Decision"));
        AssertMarkedInvalid(page, "Input.Justification", "Give a justification for the decision.");
        Assert.NotNull(page.QuerySelector(".form-errors a[href='#Input_Decision']"));
        Assert.NotNull(page.QuerySelector("#Input_Decision"));
    }

    private static void AssertMarkedInvalid(IHtmlDocument page, string name, string message)
    {
        var field = page.QuerySelector($"[name='{name}']:not([type=hidden])");
        Assert.NotNull(field);
        Assert.Equal("true", field.GetAttribute("aria-invalid"));
        Assert.Contains("is-invalid", field.ClassName ?? string.Empty, StringComparison.Ordinal);

        var describedBy = (field.GetAttribute("aria-describedby") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(describedBy, id => page.GetElementById(id)?.TextContent.Contains(message, StringComparison.Ordinal) == true);

        var link = page.QuerySelector($".form-errors a[href='#{field.Id}']");
        Assert.NotNull(link);
        Assert.Contains(message, link.TextContent, StringComparison.Ordinal);
    }
}
