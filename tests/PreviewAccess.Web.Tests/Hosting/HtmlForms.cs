using AngleSharp;
using AngleSharp.Html.Dom;

namespace PreviewAccess.Web.Tests.Hosting;

/// <summary>Reads pages as a browser would and submits their forms, antiforgery token included.</summary>
public static class HtmlForms
{
    // Documents belong to their browsing context: it lives as long as the test run.
    private static readonly IBrowsingContext Browsing = BrowsingContext.New(Configuration.Default);

    public static async Task<IHtmlDocument> GetPageAsync(this HttpClient client, string url)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}");
        return await ParseAsync(response);
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var html = await response.Content.ReadAsStringAsync();
        // The address is kept so that a form without an action posts back to the page it came from.
        var document = await Browsing.OpenAsync(request => request.Content(html).Address(response.RequestMessage!.RequestUri!));
        return (IHtmlDocument)document;
    }

    /// <summary>
    /// Submits the form that matches <paramref name="formSelector"/> with its own fields (hidden ones and the
    /// antiforgery token included), overridden by <paramref name="values"/>.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, IHtmlDocument page, string formSelector,
        IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(values);
        var form = page.QuerySelector(formSelector) as IHtmlFormElement ?? throw new InvalidOperationException($"No form matches '{formSelector}'.");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in form.Elements.OfType<IHtmlInputElement>())
        {
            if (string.IsNullOrEmpty(input.Name) || values.ContainsKey(input.Name)) continue;
            if (input.Type is "checkbox" or "radio" && !input.IsChecked) continue;
            if (input.Type is "submit" or "button") continue;
            fields.Add(new(input.Name, input.Value));
        }

        fields.AddRange(values);
        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? page.Url : form.GetAttribute("action")!;
        var target = Uri.TryCreate(action, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            ? new Uri(absolute.PathAndQuery, UriKind.Relative)
            : new Uri(action, UriKind.Relative);
        using var content = new FormUrlEncodedContent(fields);
        return await client.PostAsync(target, content);
    }

    /// <summary>The validation message shown next to the field named <paramref name="fieldName"/>.</summary>
    public static string? FieldError(this IHtmlDocument page, string fieldName)
    {
        ArgumentNullException.ThrowIfNull(page);
        var text = page.QuerySelector($"[data-valmsg-for='{fieldName}']")?.TextContent.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    public static string Text(this IHtmlDocument page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.Body?.TextContent ?? string.Empty;
    }
}
