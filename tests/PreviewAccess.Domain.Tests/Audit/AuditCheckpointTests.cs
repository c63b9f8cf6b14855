using System.Reflection;
using PreviewAccess.Domain.Audit;
using PreviewAccess.Domain.Tests.TestData;

namespace PreviewAccess.Domain.Tests.Audit;

/// <summary>A checkpoint is signed with the chain's key: changing any of its fields, or signing without the key, is detected.</summary>
public sealed class AuditCheckpointTests
{
    private static readonly AuditChainKey Key = AuditChainKey.FromText("the-domain-tests-audit-chain-key-0123456789");

    private static AuditCheckpoint ACheckpoint() =>
        AuditCheckpoint.Seal(AuditCheckpointKind.Scheduled, 5, 5, new string('a', 64), Defaults.Start, "system", Key);

    public static TheoryData<string, object> Tamperings => new()
    {
        { nameof(AuditCheckpoint.Count), 9L },
        { nameof(AuditCheckpoint.HeadId), 3L },
        { nameof(AuditCheckpoint.HeadHash), new string('b', 64) },
        { nameof(AuditCheckpoint.At), Defaults.Start.AddMinutes(1) },
        { nameof(AuditCheckpoint.Actor), "admin@openai.example" },
        { nameof(AuditCheckpoint.Kind), AuditCheckpointKind.Anchor },
    };

    [Fact]
    public void A_checkpoint_is_signed_by_the_key_that_sealed_it_and_no_other()
    {
        var checkpoint = ACheckpoint();

        Assert.True(checkpoint.IsSignedBy(Key));
        Assert.Equal(Key.Id, checkpoint.KeyId);
        Assert.False(checkpoint.IsSignedBy(AuditChainKey.FromText("another-audit-chain-key-of-enough-length-42")));
        Assert.False(checkpoint.IsSignedBy(AuditChainKey.Unkeyed));
    }

    [Theory]
    [MemberData(nameof(Tamperings))]
    public void Changing_any_field_of_a_checkpoint_breaks_its_signature(string field, object value)
    {
        var checkpoint = ACheckpoint();

        typeof(AuditCheckpoint).GetProperty(field, BindingFlags.Public | BindingFlags.Instance)!.SetValue(checkpoint, value);

        Assert.False(checkpoint.IsSignedBy(Key));
    }

    [Fact]
    public void The_unkeyed_chain_cannot_sign_a_checkpoint()
    {
        Assert.Throws<InvalidOperationException>(() =>
            AuditCheckpoint.Seal(AuditCheckpointKind.Requested, 1, 1, new string('a', 64), Defaults.Start, "system", AuditChainKey.Unkeyed));
    }
}
