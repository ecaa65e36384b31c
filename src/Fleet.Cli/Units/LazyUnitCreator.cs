using Fleet.Cli.Commands;
using Fleet.Cli.Hosting;
using Fleet.Cli.Waiting;
using Fleet.Client.Contracts;
using Fleet.Core.Units;

namespace Fleet.Cli.Units;

/// <summary>fleetctl's "lazy create" step of submit, load, start and restart (reference §1.2): create each
/// named unit that is not in the registry yet from the local file, or from its template (registry first, then
/// next to the argument on disk); honour <c>--replace</c>; wait until created units report <c>inactive</c>.</summary>
internal sealed class LazyUnitCreator(CliContext context, string command)
{
    private static readonly Dictionary<string, string[]> AllowedReplace = new(StringComparer.Ordinal)
    {
        ["submit"] = ["inactive"],
        ["load"] = ["inactive", "loaded"],
        ["start"] = ["inactive", "loaded", "launched"],
    };

    private readonly UnitFileLoader _files = new(context.Console);

    /// <summary>Runs the step for every argument.</summary>
    /// <exception cref="CommandFailedException"><c>Error creating units: ...</c></exception>
    public async Task CreateAsync(IReadOnlyList<string> args, bool replace, int blockAttempts, CancellationToken cancellationToken)
    {
        var created = new List<string>();
        foreach (var arg in args)
        {
            try
            {
                if (await CreateOneAsync(arg, replace, cancellationToken) is { } name)
                {
                    created.Add(name);
                }
            }
            catch (Exception ex) when (ex is UnitFileException || ApiFailure.Is(ex))
            {
                throw new CommandFailedException($"Error creating units: {ex.Message}");
            }
        }

        // fleet waits for the new units even with --no-block (the step ignores it); a limit still applies.
        var errors = await new UnitWaiter(context).WaitAsync(created, new JobStateProbe(context, "inactive"), Math.Max(0, blockAttempts), cancellationToken);
        foreach (var error in errors)
        {
            context.Err($"Error waiting on unit creation: {error}");
        }

        if (errors.Count > 0)
        {
            throw new CommandFailedException("Error creating units: One or more errors creating units");
        }
    }

    private async Task<string?> CreateOneAsync(string arg, bool replace, CancellationToken cancellationToken)
    {
        var path = UnitNames.WithDefaultType(arg);
        var name = UnitNames.Mangle(arg);
        var existing = await GetAsync(name, cancellationToken);
        if (existing is not null && !ShouldReplace(path, existing, replace))
        {
            return null;
        }

        var file = await GetUnitFileAsync(path, name, replace, cancellationToken);
        Validate(name, file);
        try
        {
            await context.Client.CreateUnitAsync(name, UnitOptionsMapper.ToWire(file), cancellationToken);
        }
        catch (Client.FleetApiException ex)
        {
            throw new CommandFailedException($"Error creating units: failed creating unit {name}: {ex.Message}");
        }

        context.Debug($"Created Unit({name}) in Registry");
        return name;
    }

    private async Task<Unit?> GetAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await context.Client.GetUnitAsync(name, cancellationToken);
        }
        catch (Client.FleetApiException ex)
        {
            throw new CommandFailedException($"Error creating units: error retrieving Unit({name}) from Registry: {ex.Message}");
        }
    }

    // checkUnitCreation: an existing unit is left alone unless --replace is given and the local file differs.
    private bool ShouldReplace(string path, Unit existing, bool replace)
    {
        var (different, problem) = CompareWithLocal(path, existing, replace);
        if (!replace)
        {
            return false;
        }

        if (problem is not null)
        {
            throw new CommandFailedException($"Error creating units: {problem}");
        }

        if (!different)
        {
            context.Out($"Found same Unit({existing.Name}) in Registry, nothing to do");
            return false;
        }

        if (AllowedReplace.TryGetValue(command, out var allowed) && allowed.Contains(existing.DesiredState))
        {
            return true;
        }

        context.Err($"Warning: can not replace Unit({existing.Name}) in state '{existing.DesiredState}', use the appropriate command");
        return false;
    }

    // isLocalUnitDifferent: compares with the local file, or for an instance with the local template.
    private (bool Different, string? Problem) CompareWithLocal(string path, Unit existing, bool replace)
    {
        var registryHash = UnitOptionsMapper.ToUnitFile(existing.Options).Hash;
        if (_files.Exists(path))
        {
            var different = _files.Load(path).Hash != registryHash;
            if (different && !replace)
            {
                context.Err($"WARNING: Unit {existing.Name} in registry differs from local unit file {path}. Add --replace to override.");
            }

            return (different, null);
        }

        if (!UnitName.TryParse(existing.Name, out var unitName, out _) || unitName.Template is not { } template)
        {
            return (false, $"unable to find local unit file {path} to compare with Unit({existing.Name})");
        }

        var templatePath = TemplatePath(path, template.Value);
        if (!_files.Exists(templatePath))
        {
            return (false, $"unable to find local unit file {path} or template {templatePath} to compare with Unit({existing.Name})");
        }

        var differs = _files.Load(templatePath).Hash != registryHash;
        if (differs && !replace)
        {
            context.Err($"WARNING: Unit {existing.Name} in registry differs from local template unit file {path}. Add --replace to override.");
        }

        return (differs, null);
    }

    // getUnitFile: the local file, else for an instance the template from the registry or from disk.
    private async Task<UnitFile> GetUnitFileAsync(string path, string name, bool replace, CancellationToken cancellationToken)
    {
        if (_files.Exists(path))
        {
            try
            {
                return _files.Load(path);
            }
            catch (UnitFileException ex)
            {
                throw new UnitFileException($"failed getting Unit({path}) from file: {ex.Message}");
            }
        }

        if (!UnitName.TryParse(name, out var unitName, out var nameError))
        {
            throw new UnitFileException($"error extracting information from unit name {name}: {nameError}");
        }

        if (unitName.Template is not { } template)
        {
            throw new UnitFileException($"unable to find Unit({name}) in Registry or on filesystem");
        }

        var fromRegistry = await GetAsync(template.Value, cancellationToken);
        if (fromRegistry is not null)
        {
            if (!replace)
            {
                WarnIfLocalTemplateDiffers(path, fromRegistry);
            }

            return UnitOptionsMapper.ToUnitFile(fromRegistry.Options);
        }

        var templatePath = TemplatePath(path, template.Value);
        if (!_files.Exists(templatePath))
        {
            throw new UnitFileException($"failed getting Unit({path}) from template: unable to find template Unit({template.Value}) in Registry or on filesystem");
        }

        try
        {
            return _files.Load(templatePath);
        }
        catch (UnitFileException ex)
        {
            throw new UnitFileException($"failed getting Unit({path}) from template: unable to load template Unit({template.Value}) from file: {ex.Message}");
        }
    }

    // Warns when the registry's template differs from a local copy next to the argument (fleet does the same).
    private void WarnIfLocalTemplateDiffers(string path, Unit template)
    {
        var templatePath = TemplatePath(path, template.Name);
        if (_files.Exists(templatePath) && _files.Load(templatePath).Hash != UnitOptionsMapper.ToUnitFile(template.Options).Hash)
        {
            context.Err($"WARNING: Unit {template.Name} in registry differs from local template unit file {path}. Add --replace to override.");
        }
    }

    private void Validate(string name, UnitFile file)
    {
        if (!UnitName.TryParse(name, out var unitName, out var nameError))
        {
            throw new UnitFileException(nameError);
        }

        var report = UnitValidation.Validate(unitName, file);
        foreach (var warning in report.Warnings)
        {
            context.Err($"WARN Unit {name}: {warning}");
        }

        if (!report.IsValid)
        {
            throw new UnitFileException($"invalid unit {name}: {string.Join("; ", report.Errors)}");
        }
    }

    private static string TemplatePath(string path, string template)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? template : path[..(slash + 1)] + template;
    }
}
