using StreamML.Core.Privacy;

namespace StreamML.Core.Tests.Privacy;

[Trait("Category", "BVT")]
public sealed class PrivacyOptionsTests
{
    private static readonly string ValidKey = Convert.ToBase64String([.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7))]);

    [Fact]
    public void Validate_Default_IsValid() => Assert.Empty(new PrivacyOptions().Validate());

    [Fact]
    public void Validate_PseudonymiseWithoutKey_IsOneProblem()
    {
        var problems = new PrivacyOptions { Pseudonymise = true }.Validate();

        var problem = Assert.Single(problems);
        Assert.StartsWith("StreamML:Privacy:Pseudonymise is true but no key is configured", problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
    }

    [Fact]
    public void Validate_ShortKey_IsAProblemThatDoesNotShowTheKey()
    {
        var shortKey = Convert.ToBase64String(new byte[16]);

        var problem = Assert.Single(new PrivacyOptions { Pseudonymise = true, Key = shortKey }.Validate());

        Assert.StartsWith("StreamML:Privacy:Key must be base64 of at least 32", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(shortKey, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KeyVault_NeedsHttpsAndSecretName_AndExcludesKey()
    {
        var problems = new PrivacyOptions { Pseudonymise = true, Key = ValidKey, KeyVaultUri = new Uri("http://vault.example") }.Validate();

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("not both", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("StreamML:Privacy:KeyVaultUri must be an absolute https", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("StreamML:Privacy:SecretName is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_KeyOrKeyVault_AreEachValid()
    {
        Assert.Empty(new PrivacyOptions { Pseudonymise = true, Key = ValidKey, Fields = ["id", "email"] }.Validate());
        Assert.Empty(new PrivacyOptions { Pseudonymise = true, KeyVaultUri = new Uri("https://streamml.vault.azure.net/"), SecretName = "pseudonym-key" }.Validate());
    }

    [Fact]
    public void Validate_EmptyField_IsNamed() =>
        Assert.Equal(["StreamML:Privacy:Fields:1 is empty; name a field of the raw events."], new PrivacyOptions { Fields = ["id", " "] }.Validate());
}
