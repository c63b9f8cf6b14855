using System.Globalization;

namespace PreviewAccess.Web.Features;

/// <summary>US dollar amounts for people. The portal runs with invariant globalization, so no culture does this for us.</summary>
public static class Money
{
    /// <summary>At least <paramref name="minimumDecimals"/> places; more when the amount needs them (a cache write can cost $3.125).</summary>
    public static string Usd(decimal amount, int minimumDecimals = 2)
    {
        var format = "#,##0." + new string('0', minimumDecimals) + "##########";
        var text = Math.Abs(amount).ToString(format, CultureInfo.InvariantCulture);
        return (amount < 0 ? "-$" : "$") + text;
    }
}
