using System.Net;

namespace PreviewAccess.Domain.Webhooks;

/// <summary>
/// The rules a webhook URL must meet before anything is resolved: absolute http or https, no user name or password
/// in it, no fragment, and no host that is a refused address (see <see cref="NetworkAddressRules"/>) or a metadata
/// service's name. Host names are resolved and checked again at registration and at every connection.
/// </summary>
public static class WebhookUrl
{
    public const int MaxLength = 2000;

    /// <returns>The URL, or the sentence that says what is wrong with it.</returns>
    public static (Uri? Url, string? Error) Check(string? input, bool allowPrivateNetworks)
    {
        var text = input?.Trim() ?? string.Empty;
        if (text.Length == 0) return (null, "Enter the URL the events are sent to.");
        if (text.Length > MaxLength) return (null, $"The URL can be at most {MaxLength} characters.");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.IsFile || url.IsUnc)
        {
            return (null, "Enter an absolute URL, e.g. https://hooks.example.com/preview-access.");
        }

        if (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) return (null, "The URL must start with https:// or http://.");
        if (url.UserInfo.Length > 0) return (null, "The URL must not contain a user name or password; the signature authenticates each delivery.");
        if (url.Fragment.Length > 0) return (null, "The URL must not contain a fragment (#…).");
        if (string.IsNullOrEmpty(url.IdnHost)) return (null, "The URL needs a host.");
        if (NetworkAddressRules.IsMetadataHost(url.IdnHost)) return (null, "The URL points to a cloud metadata service; webhooks are never sent there.");
        if (IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var address)
            && NetworkAddressRules.Refusal(address, allowPrivateNetworks) is { } refusal)
        {
            return (null, $"The URL's host is {refusal}: webhooks are not sent there.");
        }

        return (url, null);
    }
}
