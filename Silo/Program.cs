using Microsoft.Extensions.Options;
using StreamML.Silo.Hosting;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddStreamMLSilo();
    var app = builder.Build();
    app.MapStreamML();
    await app.RunAsync();
    return 0;
}
catch (StreamMLConfigurationException ex)
{
    // Every problem at once, and no stack trace: the operator's fix is in the configuration, not in the code.
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}
catch (OptionsValidationException ex)
{
    await Console.Error.WriteLineAsync($"StreamML configuration is invalid: {string.Join(" ", ex.Failures)}");
    return 2;
}
