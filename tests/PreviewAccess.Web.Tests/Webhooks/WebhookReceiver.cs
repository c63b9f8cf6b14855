using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PreviewAccess.Web.Tests.Webhooks;

/// <summary>One request as the receiver saw it, and what it answered.</summary>
public sealed record ReceivedWebhook(string? EventId, string? EventType, string? Timestamp, string? Signature, string ContentType, string Body, int Answered);

/// <summary>
/// A real HTTP receiver on Kestrel at 127.0.0.1 on a free port, started inside the test: it records every request
/// and answers each with what <see cref="Answer"/> says (200 by default), as a partner's endpoint would.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Decides the status code of the n-th request (counting from 1).</summary>
    public Func<int, int> Answer { get; set; } = _ => StatusCodes.Status200OK;

    public Uri HookUrl { get; private set; } = null!;

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Receiver", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        var count = 0;
        app.MapPost("/hooks", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var status = receiver.Answer(Interlocked.Increment(ref count));
            var headers = context.Request.Headers;
            receiver._received.Enqueue(new ReceivedWebhook(headers["X-PreviewAccess-Event-Id"], headers["X-PreviewAccess-Event-Type"],
                headers["X-PreviewAccess-Timestamp"], headers["X-PreviewAccess-Signature"], context.Request.ContentType ?? string.Empty, body, status));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Urls.Single();
        receiver.HookUrl = new Uri(new Uri(address), "/hooks");
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
