using Fleet.Cli.Hosting;

using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupt.Cancel();
};
return await FleetctlApp.RunAsync(args, CliConsole.System(), interrupt.Token);
