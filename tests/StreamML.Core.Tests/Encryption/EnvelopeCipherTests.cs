using System.Security.Cryptography;
using System.Text;
using StreamML.Core.Encryption;

namespace StreamML.Core.Tests.Encryption;

[Trait("Category", "BVT")]
public sealed class EnvelopeCipherTests
{
    private static readonly byte[] KeyA = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] KeyB = RandomNumberGenerator.GetBytes(32);

    private static EnvelopeCipher Cipher(string active, bool allowUnencrypted = true, params (string Id, byte[] Key)[] keys) =>
        new(new KeyRing(active, keys.ToDictionary(k => k.Id, k => k.Key)), allowUnencrypted);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100_000)]
    public void Encrypt_ThenDecrypt_GivesThePlaintextBack(int length)
    {
        var cipher = Cipher("a", true, ("a", KeyA));
        var plaintext = RandomNumberGenerator.GetBytes(length);

        var sealedBytes = cipher.Encrypt(plaintext, "ctx");

        Assert.True(EnvelopeCipher.IsEnvelope(sealedBytes));
        Assert.Equal("a", EnvelopeCipher.KeyIdOf(sealedBytes));
        Assert.Equal(plaintext, cipher.Decrypt(sealedBytes, "ctx"));
    }

    [Fact]
    public void Encrypt_SamePlaintextTwice_GivesDifferentEnvelopes()
    {
        var cipher = Cipher("a", true, ("a", KeyA));
        var plaintext = Encoding.UTF8.GetBytes("same");

        Assert.NotEqual(cipher.Encrypt(plaintext, "ctx"), cipher.Encrypt(plaintext, "ctx"));
    }

    [Fact]
    public void Decrypt_OtherContext_IsRefused()
    {
        var cipher = Cipher("a", true, ("a", KeyA));
        var sealedBytes = cipher.Encrypt([1, 2, 3], "grain 1");

        var ex = Assert.Throws<EncryptedDataException>(() => cipher.Decrypt(sealedBytes, "grain 2"));

        Assert.Contains("grain 2 failed authentication under key 'a'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decrypt_EveryAlteredByte_IsRefused()
    {
        var cipher = Cipher("a", true, ("a", KeyA));
        var sealedBytes = cipher.Encrypt([1, 2, 3, 4, 5], "ctx");

        for (var i = 0; i < sealedBytes.Length; i++)
        {
            var altered = sealedBytes.ToArray();
            altered[i] ^= 0x80;
            if (EnvelopeCipher.IsEnvelope(altered))
            {
                Assert.Throws<EncryptedDataException>(() => cipher.Decrypt(altered, "ctx"));
            }
        }
    }

    [Fact]
    public void Decrypt_KeyIdRewrittenToAnotherKeyOfTheRing_IsRefused()
    {
        var cipher = Cipher("a", true, ("a", KeyA), ("b", KeyB));
        var sealedBytes = cipher.Encrypt([1, 2, 3], "ctx");
        sealedBytes[6] = (byte)'b';

        Assert.Throws<EncryptedDataException>(() => cipher.Decrypt(sealedBytes, "ctx"));
    }

    [Fact]
    public void Decrypt_TruncatedOrFutureVersion_IsAClearError()
    {
        var cipher = Cipher("a", true, ("a", KeyA));
        var sealedBytes = cipher.Encrypt([1, 2, 3], "ctx");
        var future = sealedBytes.ToArray();
        future[4] = 9;

        Assert.Contains("truncated", Assert.Throws<EncryptedDataException>(() => cipher.Decrypt(sealedBytes.AsSpan(0, 40), "ctx")).Message, StringComparison.Ordinal);
        Assert.Contains("version 9", Assert.Throws<EncryptedDataException>(() => cipher.Decrypt(future, "ctx")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decrypt_PlainData_IsHandedBackOnlyWhenAllowed()
    {
        var plain = Encoding.UTF8.GetBytes("{\"count\":1}");

        Assert.Equal(plain, Cipher("a", true, ("a", KeyA)).Decrypt(plain, "ctx"));
        Assert.Throws<EncryptedDataException>(() => Cipher("a", false, ("a", KeyA)).Decrypt(plain, "ctx"));
    }

    [Fact]
    public void Validate_EveryProblem_IsListedAtOnce()
    {
        var options = new EncryptionOptions { Enabled = true, KeyVaultUri = new Uri("http://vault.example") };
        options.Keys.Add(new EncryptionKeyOptions { Id = "x", Key = Convert.ToBase64String(KeyA), SecretName = "s" });
        options.Keys.Add(new EncryptionKeyOptions { Id = "x", Key = "not base64" });
        options.Keys.Add(new EncryptionKeyOptions { Key = Convert.ToBase64String(KeyB) });

        Assert.Equal(
            [
                "StreamML:Encryption:Keys:0: set exactly one of Key or SecretName.",
                "StreamML:Encryption:Keys:1:Key must be base64 of exactly 32 random bytes.",
                "StreamML:Encryption:Keys:2:Id must be set, at most 64 bytes.",
                "StreamML:Encryption:Keys ids must be distinct.",
                "StreamML:Encryption:ActiveKeyId is required when StreamML:Encryption:Enabled is true.",
                "StreamML:Encryption:KeyVaultUri must be an absolute https address (https://<vault>.vault.azure.net/).",
            ],
            options.Validate());
        Assert.Empty(new EncryptionOptions().Validate());
    }
}
