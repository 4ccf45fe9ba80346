using StreamML.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddStreamMLSilo();
var app = builder.Build();
app.MapStreamML();
await app.RunAsync();
