using AngleSharp.Html.Dom;

namespace PreviewAccess.Web.Tests.Webhooks;

/// <summary>What a person does with the event checkboxes of a webhook form before submitting it.</summary>
public static class WebhookForms
{
    public static IHtmlDocument TickEvents(this IHtmlDocument page, string formSelector, params string[] eventTypes)
    {
        ArgumentNullException.ThrowIfNull(page);
        var boxes = page.QuerySelectorAll($"{formSelector} input[name='Input.EventTypes']").OfType<IHtmlInputElement>().ToList();
        Assert.NotEmpty(boxes);
        foreach (var box in boxes) box.IsChecked = eventTypes.Contains(box.Value, StringComparer.Ordinal);
        Assert.Equal(eventTypes.Length, boxes.Count(b => b.IsChecked));
        return page;
    }
}
