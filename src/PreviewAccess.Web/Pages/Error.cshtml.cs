using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using PreviewAccess.Data;

namespace PreviewAccess.Web.Pages;

[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PortalPageModel
{
    public string? RequestId { get; private set; }

    /// <summary>The request failed because the database could not be reached: a 503 to try again, not our error.</summary>
    public bool DatabaseUnavailable { get; private set; }

    public void OnGet()
    {
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        DatabaseUnavailable = DatabaseFaults.IsUnavailable(HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error);
        if (!DatabaseUnavailable) return;
        Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        Response.Headers.RetryAfter = DatabaseFaults.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public void OnPost() => OnGet();
}
