using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.TagHelpers;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace PreviewAccess.Web.Infrastructure;

/// <summary>
/// Every form field the server refused reads as refused, on every page alike: <c>aria-invalid="true"</c>, Bootstrap's red
/// <c>is-invalid</c> border, and <c>aria-describedby</c> pointing at its message (<see cref="FieldMessageTagHelper"/>), so a
/// screen reader says why when the field is reached. Runs after the framework's own tag helpers have named the field.
/// </summary>
[HtmlTargetElement("input", Attributes = ForAttribute)]
[HtmlTargetElement("select", Attributes = ForAttribute)]
[HtmlTargetElement("textarea", Attributes = ForAttribute)]
public sealed class InvalidFieldTagHelper : FieldTagHelper
{
    private const string ForAttribute = "asp-for";

    [HtmlAttributeName(ForAttribute)]
    public ModelExpression For { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.Attributes.TryGetAttribute("type", out var type) && string.Equals(type.Value?.ToString(), "hidden", StringComparison.OrdinalIgnoreCase)) return;
        var name = FieldMessageTagHelper.FullName(ViewContext, For.Name);
        if (!ViewContext.ModelState.TryGetValue(name, out var entry) || entry.Errors.Count == 0) return;

        output.Attributes.SetAttribute("aria-invalid", "true");
        output.AddClass("is-invalid", HtmlEncoder.Default);
        var describedBy = output.Attributes.TryGetAttribute("aria-describedby", out var existing) ? existing.Value?.ToString() ?? string.Empty : string.Empty;
        // A page that already names its own message element keeps it; otherwise the message helper's id is added.
        if (describedBy.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(id => id.EndsWith("-error", StringComparison.Ordinal))) return;
        var messageId = FieldMessageTagHelper.MessageId(name);
        output.Attributes.SetAttribute("aria-describedby", describedBy.Length == 0 ? messageId : $"{describedBy} {messageId}");
    }
}

/// <summary>Gives a field's message (<c>asp-validation-for</c>) the id its field points at, unless the page named it already.</summary>
[HtmlTargetElement("span", Attributes = ForAttribute)]
[HtmlTargetElement("div", Attributes = ForAttribute)]
public sealed class FieldMessageTagHelper : FieldTagHelper
{
    private const string ForAttribute = "asp-validation-for";

    [HtmlAttributeName(ForAttribute)]
    public ModelExpression For { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.Attributes.ContainsName("id")) return;
        output.Attributes.SetAttribute("id", MessageId(FullName(ViewContext, For.Name)));
    }

    internal static string FullName(ViewContext viewContext, string expression) => viewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(expression);

    /// <summary><c>Input.Name</c> → <c>Input_Name-error</c>: the field's own id, and what its message is.</summary>
    internal static string MessageId(string fullName) => TagBuilder.CreateSanitizedId(fullName, "_") + "-error";
}

/// <summary>What both field helpers need: the view's model state, and to run after the framework's helpers named the field.</summary>
public abstract class FieldTagHelper : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override int Order => 1000;
}
