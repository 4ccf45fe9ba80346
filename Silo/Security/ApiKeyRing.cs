using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace StreamML.Silo.Security;

/// <summary>The configured API keys as hashes, matched against a presented key in time that does not depend on where it differs.</summary>
internal sealed class ApiKeyRing(IOptions<StreamMLAuthOptions> options)
{
    private readonly (byte[] Hash, ApiKeyOptions Key)[] _keys =
        [.. options.Value.ApiKeys.Where(k => ApiKeyHash.IsHash(k.Sha256)).Select(k => (Convert.FromHexString(k.Sha256), k))];

    /// <summary>The key whose hash is that of <paramref name="presented"/>, or null.</summary>
    public ApiKeyOptions? Find(string presented)
    {
        var hash = ApiKeyHash.Of(presented);
        ApiKeyOptions? found = null;

        // Every key is compared, so the time taken says nothing about which key came close.
        foreach (var (expected, key) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(expected, hash))
            {
                found = key;
            }
        }

        return found;
    }
}
