using AngleSharp.Html.Dom;

namespace PreviewAccess.Web.Tests.Partner;

/// <summary>
/// Posts a form exactly as given: its hidden fields (the antiforgery token among them) plus the listed fields, which
/// may repeat a name (two checked surfaces). Nothing else of the form is sent, so a test says every value it means.
/// </summary>
public static class PartnerForms
{
    public static async Task<HttpResponseMessage> PostAsync(this HttpClient client, IHtmlDocument page, string formSelector,
        IEnumerable<KeyValuePair<string, string>> fields, string? action = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(fields);
        var form = page.QuerySelector(formSelector) as IHtmlFormElement ?? throw new InvalidOperationException($"No form matches '{formSelector}'.");
        var given = fields.ToList();
        var body = form.Elements.OfType<IHtmlInputElement>()
            .Where(i => i.Type == "hidden" && !string.IsNullOrEmpty(i.Name) && given.All(g => g.Key != i.Name))
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value))
            .Concat(given)
            .ToList();
        var target = action ?? (string.IsNullOrEmpty(form.GetAttribute("action")) ? new Uri(page.Url).PathAndQuery : form.GetAttribute("action")!);
        using var content = new FormUrlEncodedContent(body);
        return await client.PostAsync(new Uri(target, UriKind.Relative), content);
    }

    public static KeyValuePair<string, string> F(string name, string value) => new(name, value);

    /// <summary>What a field shows now: an input's value, a textarea's text, a select's chosen option.</summary>
    public static string? FieldValue(this IHtmlDocument page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.QuerySelector($"[name='{name}']") switch
        {
            IHtmlTextAreaElement textArea => textArea.Value,
            IHtmlSelectElement select => select.Value,
            IHtmlInputElement input => input.Value,
            _ => null,
        };
    }

    /// <summary>The page's text with runs of white space made single spaces.</summary>
    public static string Words(this IHtmlDocument page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return string.Join(' ', (page.Body?.TextContent ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    public static string Words(this AngleSharp.Dom.IElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
