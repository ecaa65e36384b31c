using BenchmarkDotNet.Attributes;
using Fleet.Core.Units;

namespace Fleet.Benchmarks;

/// <summary>Unit file parsing and hashing: what every submit, every registry read and every agent reload
/// pays per unit. Target: 200,000 typical units per second on one core (5 µs for parse + hash).</summary>
[MemoryDiagnoser]
public class UnitFileBenchmarks
{
    /// <summary>A typical 10-line unit: description, dependencies, a service and [X-Fleet] requirements.</summary>
    private const string TypicalUnit =
        "[Unit]\n" +
        "Description=Web frontend %i\n" +
        "After=docker.service\n" +
        "Requires=docker.service\n" +
        "\n" +
        "[Service]\n" +
        "ExecStart=/usr/bin/docker run --rm --name web -p 80:80 nginx:1.25\n" +
        "ExecStop=/usr/bin/docker stop web\n" +
        "\n" +
        "[X-Fleet]\n" +
        "Conflicts=web@*.service\n";

    private static readonly UnitName Name = UnitName.Parse("web@1.service");
    private UnitFile _parsed = null!;

    [GlobalSetup]
    public void Setup() => _parsed = UnitFileParser.Parse(TypicalUnit).File!;

    /// <summary>Parse the text and compute the unit's hash (serialise + SHA-1).</summary>
    [Benchmark(Baseline = true)]
    public UnitHash ParseAndHash() => UnitFileParser.Parse(TypicalUnit).File!.Hash;

    /// <summary>Parse only.</summary>
    [Benchmark]
    public UnitFile Parse() => UnitFileParser.Parse(TypicalUnit).File!;

    /// <summary>Hash an already parsed unit's options (a fresh file each time, as after an API submit).</summary>
    [Benchmark]
    public UnitHash HashFromOptions() => UnitFile.FromOptions(_parsed.Options).Hash;

    /// <summary>The [X-Fleet] requirements and combination rules.</summary>
    [Benchmark]
    public UnitRequirementsParseResult Requirements() => UnitRequirementsParser.Parse(Name, _parsed);
}
