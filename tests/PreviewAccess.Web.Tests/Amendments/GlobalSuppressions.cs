using System.Diagnostics.CodeAnalysis;

[assembly: SuppressMessage("Performance", "CA1861:Avoid constant arrays as arguments", Scope = "namespaceanddescendants", Target = "~N:PreviewAccess.Web.Tests.Amendments",
    Justification = "Request bodies are written inline so that each test reads like the JSON it sends.")]
