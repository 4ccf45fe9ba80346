using Microsoft.Extensions.Options;
using StreamML.Core.Models;

namespace StreamML.Silo.Protection;

/// <summary>Validates <see cref="ModelSigningOptions"/> and builds the <see cref="ModelSigner"/> they describe.</summary>
internal sealed class ModelSigningOptionsValidator : IValidateOptions<ModelSigningOptions>
{
    private const string Section = ModelSigningOptions.SectionName;
    private const int MinimumKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, ModelSigningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new ValidateOptionsResultBuilder();
        if (!options.Enabled)
        {
            if (options.PreviousKeys.Count > 0)
            {
                result.AddError($"{Section}:PreviousKeys need {Section}:Key.");
            }

            return result.Build();
        }

        if (Decode(options.Key) is null)
        {
            result.AddError($"{Section}:Key must be base64 of at least {MinimumKeyBytes} bytes.");
        }

        if (string.IsNullOrWhiteSpace(options.KeyId))
        {
            result.AddError($"{Section}:KeyId must not be empty.");
        }

        for (var i = 0; i < options.PreviousKeys.Count; i++)
        {
            var previous = options.PreviousKeys[i];
            if (string.IsNullOrWhiteSpace(previous.Id) || string.Equals(previous.Id, options.KeyId, StringComparison.Ordinal))
            {
                result.AddError($"{Section}:PreviousKeys:{i}:Id must be set and differ from {Section}:KeyId.");
            }

            if (Decode(previous.Key) is null)
            {
                result.AddError($"{Section}:PreviousKeys:{i}:Key must be base64 of at least {MinimumKeyBytes} bytes.");
            }
        }

        if (options.PreviousKeys.Select(k => k.Id).Distinct(StringComparer.Ordinal).Count() != options.PreviousKeys.Count)
        {
            result.AddError($"{Section}:PreviousKeys ids must be distinct.");
        }

        return result.Build();
    }

    /// <summary>The signer of valid <paramref name="options"/>, or <see langword="null"/> when signing is off.</summary>
    public static ModelSigner? SignerOf(ModelSigningOptions options)
    {
        if (!options.Enabled)
        {
            return null;
        }

        var keys = options.PreviousKeys.ToDictionary(k => k.Id, k => Decode(k.Key)!, StringComparer.Ordinal);
        keys[options.KeyId] = Decode(options.Key)!;
        return new ModelSigner(options.KeyId, keys);
    }

    private static byte[]? Decode(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64.Trim(), bytes, out var written) && written >= MinimumKeyBytes ? bytes[..written] : null;
    }
}
