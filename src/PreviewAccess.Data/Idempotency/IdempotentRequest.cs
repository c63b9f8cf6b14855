namespace PreviewAccess.Data.Idempotency;

/// <summary>
/// An API POST sent with an <c>Idempotency-Key</c>: claimed before the work runs, then holding the answer it got, so
/// that a client which retries the same request (same API key, key and body) within the window gets that answer again
/// instead of the work done twice. Kept in the database so that every instance knows it.
/// </summary>
public sealed class IdempotentRequest
{
    public const int MaxKeyLength = 255;

    private IdempotentRequest()
    {
        Key = string.Empty;
        RequestHash = string.Empty;
    }

    public IdempotentRequest(Guid apiKeyId, string key, string requestHash, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        ApiKeyId = apiKeyId;
        Key = key;
        RequestHash = requestHash;
        CreatedAt = now;
    }

    public Guid Id { get; private init; }

    /// <summary>Keys are scoped to the API key that sent them: two clients never share one.</summary>
    public Guid ApiKeyId { get; private init; }

    public string Key { get; private init; }

    /// <summary>SHA-256 (hex) of the method, path, query and body: "the same request".</summary>
    public string RequestHash { get; private init; }

    public DateTimeOffset CreatedAt { get; private init; }

    /// <summary>Null while the first request is still running.</summary>
    public int? StatusCode { get; private set; }

    public string? ContentType { get; private set; }

    public string? Location { get; private set; }

    public byte[]? Body { get; private set; }

    public bool IsCompleted => StatusCode is not null;

    public void Complete(int statusCode, string? contentType, string? location, byte[] body)
    {
        StatusCode = statusCode;
        ContentType = contentType;
        Location = location;
        Body = body;
    }
}
