global using StreamML.Testing.Infrastructure;
