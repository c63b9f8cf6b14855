using AngleSharp.Html.Dom;

namespace PreviewAccess.Web.Tests.Admin;

/// <summary>What a person does with the staff pages' forms, and what the pages say back.</summary>
public static class AdminClients
{
    /// <summary>Submits a form and follows the Post/Redirect/Get redirect, returning the page it lands on.</summary>
    public static async Task<IHtmlDocument> SubmitAndFollowAsync(this HttpClient client, IHtmlDocument page, string formSelector, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.SubmitAsync(page, formSelector, values);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Expected a redirect after the POST, got {(int)response.StatusCode}: {Excerpt(await response.Content.ReadAsStringAsync())}");
        return await client.GetPageAsync(response.Headers.Location!.OriginalString);
    }

    /// <summary>Submits a form that is expected to be refused: the same page comes back (200) with the errors.</summary>
    public static async Task<IHtmlDocument> SubmitInvalidAsync(this HttpClient client, IHtmlDocument page, string formSelector, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.SubmitAsync(page, formSelector, values);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected the form back with errors, got {(int)response.StatusCode} {response.Headers.Location}");
        return await HtmlForms.ParseAsync(response);
    }

    public static string Flash(this IHtmlDocument page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.QuerySelector("main .alert-success[role=status]")?.TextContent.Trim() ?? string.Empty;
    }

    public static string FormErrors(this IHtmlDocument page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.QuerySelector(".form-errors")?.TextContent.Trim() ?? string.Empty;
    }

    private static string Excerpt(string html) => html.Length > 600 ? html[..600] : html;
}
