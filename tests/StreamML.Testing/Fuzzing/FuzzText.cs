using System.Globalization;
using System.Text;

namespace StreamML.Testing.Fuzzing;

/// <summary>
/// Builds hostile decoder input from a seed: almost-valid JSON objects of given fields, huge and non-finite numbers,
/// deep nesting, long and escaped strings, invalid UTF-8, token soup. The same seed gives the same bytes, so a failure
/// CsCheck reports can be replayed.
/// </summary>
public sealed class FuzzText(int seed)
{
    private static readonly string[] Numbers =
    [
        "0", "1", "-1", "0.5", "2", "7", "999", "1000", "-0", "1e308", "1e309", "-1e400", "1e-400", "3.4028235e38", "3.5e38",
        "1e39", "123456789012345678901234567890", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "253402300799999", "253402300800000", "1764000000000", "NaN", "Infinity", "-Infinity", "0x10", "01", "1.", ".5", "-", "+1",
        "1e", "1e+", "1E5", "4.9e-324", "0.30000000000000004",
    ];

    private static readonly string[] Strings =
    [
        "", "a", " ", "m-1", "nsw", "north east", "nörth", "a/b", "other", "all", "NaN", "Infinity", "-inf", "1e39", "1.5", "true",
        "2026-11-24T10:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00+14:00", "2026-13-45T99:99:99Z", "yesterday",
        "\\u0000", "\\uD800", "\\uDC00\\uD800", "\\ud83d\\ude00", "\\\"", "\\\\", "\\x", "\\u12", "\t", "\n",
    ];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xFE], [0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xF0, 0x9F, 0x98],
    ];

    private static readonly char[] LongRunChars = ['a', 'é', '€', '"', '\\', ' ', ',', '\n'];

    private static readonly string[] Tokens = ["{", "}", "[", "]", ":", ",", "\"", "null", "true", "false", " ", "\\", "/*", "*/", "//"];

    private readonly Random _rng = new(seed);

    /// <summary>A random integer in [0, <paramref name="max"/>).</summary>
    public int Next(int max) => _rng.Next(max);

    /// <summary>One of <paramref name="items"/>.</summary>
    public T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

    /// <summary>True about one time in <paramref name="n"/>.</summary>
    public bool OneIn(int n) => _rng.Next(n) == 0;

    /// <summary>
    /// A JSON object of <paramref name="fields"/> (each present or not, some twice, some with the wrong type), whose
    /// <c>features</c> field holds <paramref name="features"/> and unknown names; then, often, mutated byte by byte.
    /// </summary>
    public byte[] Document(IReadOnlyList<string> fields, IReadOnlyList<string> features) =>
        _rng.Next(10) switch
        {
            0 => RandomBytes(_rng.Next(300)),
            1 => Encoding.UTF8.GetBytes(TokenSoup()),
            2 => Encoding.UTF8.GetBytes(Nested(_rng.Next(2) == 0 ? _rng.Next(1, 80) : _rng.Next(80, 3_000))),
            3 or 4 => Mutate(Encoding.UTF8.GetBytes(Object(fields, features))),
            _ => Encoding.UTF8.GetBytes(Object(fields, features)),
        };

    /// <summary>
    /// CSV text: a header of <paramref name="columns"/> (some missing, doubled or unnamed) and rows of numbers, times,
    /// quoted fields with commas, quotes and line breaks, wrong field counts and blank lines; sometimes mutated.
    /// </summary>
    public string Csv(IReadOnlyList<string> columns)
    {
        if (OneIn(10))
        {
            return Encoding.UTF8.GetString(Mutate(Encoding.UTF8.GetBytes(Csv(columns))));
        }

        var header = columns.Where(_ => !OneIn(15)).Select(c => OneIn(20) ? string.Empty : c).ToList();
        if (OneIn(20) && header.Count > 0)
        {
            header.Add(header[0]);
        }

        var sb = new StringBuilder();
        if (OneIn(10))
        {
            sb.Append("\n  \n");
        }

        sb.AppendJoin(',', header).Append(Pick(["\n", "\r\n", "\n"]));
        for (var row = _rng.Next(0, 12); row > 0; row--)
        {
            var fields = header.Count + (OneIn(20) ? _rng.Next(-2, 3) : 0);
            for (var f = 0; f < fields; f++)
            {
                sb.Append(f > 0 ? "," : string.Empty).Append(_rng.Next(12) switch
                {
                    0 => "\"" + Text().Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
                    1 => "\"" + Word() + (OneIn(3) ? string.Empty : "\""),
                    2 => Pick(Strings),
                    3 => Word(),
                    4 => string.Empty,
                    _ => Number(),
                });
            }

            sb.Append(OneIn(15) ? "\n\n" : Pick(["\n", "\r\n"]));
        }

        return sb.ToString();
    }

    /// <summary>A JSON object of the fields, mostly well-formed, with hostile values.</summary>
    public string Object(IReadOnlyList<string> fields, IReadOnlyList<string> features)
    {
        var sb = new StringBuilder("{");
        var count = 0;
        foreach (var field in fields)
        {
            var times = _rng.Next(12) switch { 0 => 0, 1 => 2, _ => 1 };
            for (var t = 0; t < times; t++)
            {
                sb.Append(count++ > 0 ? "," : string.Empty).Append('"').Append(field).Append("\":");
                sb.Append(field == "features" ? Features(features) : Value(field));
            }
        }

        if (OneIn(5))
        {
            sb.Append(count > 0 ? "," : string.Empty).Append('"').Append(Word()).Append("\":").Append(AnyValue(3));
        }

        return sb.Append(OneIn(30) ? string.Empty : "}").ToString();
    }

    /// <summary>Bytes of <paramref name="valid"/> with one to four random edits (replace, delete, insert, cut, duplicate, invalid UTF-8).</summary>
    public byte[] Mutate(byte[] valid)
    {
        var bytes = new List<byte>(valid);
        for (var edits = _rng.Next(1, 5); edits > 0 && bytes.Count > 0; edits--)
        {
            var at = _rng.Next(bytes.Count);
            switch (_rng.Next(6))
            {
                case 0:
                    bytes[at] = (byte)_rng.Next(256);
                    break;
                case 1:
                    bytes.RemoveRange(at, Math.Min(_rng.Next(1, 8), bytes.Count - at));
                    break;
                case 2:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Pick(Tokens)));
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(_rng.Next(1, 20), bytes.Count - at)));
                    break;
                default:
                    bytes.InsertRange(at, Pick(InvalidUtf8));
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>Random bytes, most of them printable ASCII.</summary>
    public byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(OneIn(4) ? _rng.Next(256) : _rng.Next(32, 127));
        }

        return bytes;
    }

    /// <summary>A JSON number as text, from the hostile list or random.</summary>
    public string Number() => _rng.Next(3) switch
    {
        0 => Pick(Numbers),
        1 => (_rng.NextDouble() * Math.Pow(10, _rng.Next(-10, 40)) * (OneIn(2) ? -1 : 1)).ToString("R", CultureInfo.InvariantCulture),
        _ => _rng.Next(-5, 1_000).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A string's contents (unquoted): a hostile one, a random word, or a long run.</summary>
    public string Text() => _rng.Next(40) switch
    {
        0 => new string(Pick(LongRunChars), _rng.Next(60, OneIn(4) ? 70_000 : 600)),
        < 16 => Pick(Strings),
        _ => Word(),
    };

    /// <summary>A short word of letters, digits and punctuation.</summary>
    public string Word()
    {
        const string alphabet = "abcxyzABC0189-_.:/ é";
        var chars = new char[_rng.Next(0, 12)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[_rng.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    private string Value(string field) => _rng.Next(20) switch
    {
        0 => AnyValue(3),
        1 => "null",
        2 => Number(),
        3 => "\"" + Pick(Strings) + "\"",
        _ => field switch
        {
            "label" => OneIn(5) ? Pick(["true", "false"]) : Number(),
            "time" => "\"" + new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero).AddSeconds(_rng.Next(-7_200, 600)).ToString("O", CultureInfo.InvariantCulture) + "\"",
            _ => "\"" + Text() + "\"",
        },
    };

    private string Features(IReadOnlyList<string> features)
    {
        if (OneIn(12))
        {
            return AnyValue(3);
        }

        var sb = new StringBuilder("{");
        var count = 0;
        foreach (var name in features)
        {
            if (!OneIn(8))
            {
                sb.Append(count++ > 0 ? "," : string.Empty).Append('"').Append(name).Append("\":").Append(_rng.Next(8) switch
                {
                    0 => "\"" + Pick(Strings) + "\"",
                    1 => AnyValue(2),
                    _ => Number(),
                });
            }
        }

        if (OneIn(6))
        {
            sb.Append(count > 0 ? "," : string.Empty).Append('"').Append(OneIn(3) ? Text() : Word()).Append("\":").Append(Number());
        }

        return sb.Append('}').ToString();
    }

    private string AnyValue(int depth) => (depth <= 0 ? _rng.Next(4) : _rng.Next(6)) switch
    {
        0 => Number(),
        1 => "\"" + Text() + "\"",
        2 => Pick(["null", "true", "false"]),
        3 => Nested(_rng.Next(1, 200)),
        4 => "[" + string.Join(",", Enumerable.Range(0, _rng.Next(4)).Select(_ => AnyValue(depth - 1))) + "]",
        _ => "{\"" + Word() + "\":" + AnyValue(depth - 1) + "}",
    };

    private string Nested(int depth)
    {
        var open = OneIn(2) ? "[" : "{\"a\":";
        var close = open == "[" ? "]" : "}";
        var closed = OneIn(4) ? depth - 1 : depth;
        return string.Concat(Enumerable.Repeat(open, depth)) + Number() + string.Concat(Enumerable.Repeat(close, Math.Max(0, closed)));
    }

    private string TokenSoup()
    {
        var sb = new StringBuilder();
        for (var n = _rng.Next(1, 40); n > 0; n--)
        {
            sb.Append(_rng.Next(4) switch
            {
                0 => Number(),
                1 => "\"" + Word() + "\"",
                _ => Pick(Tokens),
            });
        }

        return sb.ToString();
    }
}
