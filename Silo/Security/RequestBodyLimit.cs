using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace StreamML.Silo.Security;

/// <summary>
/// Answers 413 to a request whose body is larger than <see cref="ApiLimitsOptions.MaxRequestBytes"/>: at once when its
/// length is announced, and when reading passes the limit otherwise (a chunked body).
/// </summary>
internal sealed class RequestBodyLimit(RequestDelegate next, IOptions<ApiLimitsOptions> options)
{
    private readonly long _max = options.Value.MaxRequestBytes;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > _max)
        {
            await TooLargeAsync(context);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = _max;
        }

        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await TooLargeAsync(context);
        }
    }

    private Task TooLargeAsync(HttpContext context) => Results.Json(
            new { error = $"the request body is larger than {_max} bytes (StreamML:Api:MaxRequestBytes); send fewer items per request" },
            statusCode: StatusCodes.Status413PayloadTooLarge)
        .ExecuteAsync(context);
}
