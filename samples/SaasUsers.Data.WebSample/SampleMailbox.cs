using System.Collections.Concurrent;

namespace SaasUsers.Data.WebSample;

/// <summary>
/// The e-mails the sample would send (confirmation links, invitations), kept in memory and shown on pages instead:
/// the sample has no mail server. A real application sends them through its mail provider.
/// </summary>
public sealed class SampleMailbox
{
    private readonly ConcurrentQueue<SampleMail> _mails = new();

    public void Send(string to, string subject, string text, string link) =>
        _mails.Enqueue(new SampleMail(to, subject, text, link, DateTimeOffset.UtcNow));

    /// <summary>The mails sent to <paramref name="address"/> (compared as the table normalizes addresses), newest first.</summary>
    public IReadOnlyList<SampleMail> For(string address)
    {
        var normalized = EmailNormalizer.Normalize(address);
        return _mails.Where(m => EmailNormalizer.Normalize(m.To) == normalized).Reverse().ToArray();
    }
}

/// <summary>One e-mail the sample would have sent.</summary>
public sealed record SampleMail(string To, string Subject, string Text, string Link, DateTimeOffset SentAt);
