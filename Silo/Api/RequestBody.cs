using System.Buffers;

namespace StreamML.Silo.Api;

/// <summary>
/// A request's body read whole into a pooled buffer, as the UTF-8 bytes the items are decoded from (a byte order mark,
/// which JSON readers do not take, left out). Disposing it returns the buffer.
/// </summary>
internal sealed class RequestBody : IDisposable
{
    private const int FirstBufferBytes = 16 * 1024;
    private const int MaxPresizedBytes = 64 * 1024 * 1024;
    private byte[] _buffer;
    private readonly int _length;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    /// <summary>The body's UTF-8 bytes.</summary>
    public ReadOnlySpan<byte> Utf8
    {
        get
        {
            var bytes = _buffer.AsSpan(0, _length);
            return bytes.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;
        }
    }

    /// <summary>Reads the whole body of <paramref name="request"/>.</summary>
    public static async Task<RequestBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // One byte more than announced, so a body of the announced length ends without the buffer growing.
        var size = request.ContentLength is > 0 and < MaxPresizedBytes ? (int)request.ContentLength.Value + 1 : FirstBufferBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var length = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return new RequestBody(buffer, length);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
