using StreamML.Cli;

return await StreamMLCommand.RunAsync(args);
