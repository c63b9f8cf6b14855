namespace PreviewAccess.Domain.Common;

/// <summary>
/// A rule of the program refused an operation. The message is written for a person:
/// the web shows it as a form error or a 409 problem detail.
/// </summary>
public sealed class DomainException : Exception
{
    public DomainException(string message) : base(message) { }

    public DomainException(string message, Exception innerException) : base(message, innerException) { }

    public DomainException() : base("The operation is not allowed.") { }
}
