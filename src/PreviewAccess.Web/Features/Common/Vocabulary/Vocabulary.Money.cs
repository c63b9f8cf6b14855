using System.Globalization;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace PreviewAccess.Web.Features.Common;

/// <summary>US dollars as shown (to the cent) and as they are exactly; the portal runs with invariant globalization.</summary>
public sealed record UsdAmount(decimal Value, string Shown, string Exact);

public static partial class Vocabulary
{
    /// <summary>"$6.17" shown, "$6.172835" exact; an amount under a cent shows as "&lt; $0.01", never as "$0.00" or "$0.0000001".</summary>
    public static UsdAmount Usd(decimal amount)
    {
        var sign = amount < 0 ? "-" : string.Empty;
        var size = Math.Abs(amount);
        var shown = size is > 0 and < 0.01m
            ? $"< {sign}$0.01"
            : sign + "$" + Math.Round(size, 2, MidpointRounding.AwayFromZero).ToString("#,##0.00", CultureInfo.InvariantCulture);
        return new UsdAmount(amount, shown, sign + "$" + size.ToString("#,##0.00" + new string('#', 26), CultureInfo.InvariantCulture));
    }

    /// <summary>The amount to the cent, with the exact figure on hover and in the element's value: <c>&lt;data value="6.172835" title="$6.172835"&gt;$6.17&lt;/data&gt;</c>.</summary>
    public static IHtmlContent UsdHtml(decimal amount)
    {
        var usd = Usd(amount);
        var element = new TagBuilder("data");
        element.Attributes["value"] = amount.ToString("0.############################", CultureInfo.InvariantCulture);
        element.Attributes["title"] = usd.Exact;
        element.InnerHtml.Append(usd.Shown);
        return element;
    }
}
