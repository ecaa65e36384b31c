using Fleet.Agent.Process.Definitions;
using Fleet.Core.Units;

namespace Fleet.Agent.Process.Tests;

[Trait("Category", "Unit")]
public sealed class ServiceDefinitionParserTests
{
    private static ServiceDefinition Parse(string name, string text, bool isRoot = false) =>
        ServiceDefinitionParser.Parse(UnitName.Parse(name), SupervisorHarness.Unit(text), isRoot);

    [Fact]
    public void Parse_FullService_ReadsEveryDirective()
    {
        var definition = Parse("web@8080.service",
            "[Unit]\nDescription=Web on %i\nStartLimitBurst=3\n\n[Service]\nType=forking\nPIDFile=/run/%p.pid\nExecStartPre=-/bin/mkdir /tmp/%N\n" +
            "ExecStart=/usr/bin/web --port %i\nRestart=on-abnormal\nRestartSec=2s\nTimeoutStartSec=10\nTimeoutStopSec=1min\n" +
            "KillMode=mixed\nKillSignal=SIGINT\nSendSIGKILL=no\nSuccessExitStatus=42 SIGUSR1\nEnvironment=A=1\nEnvironment=\nEnvironment=B=2\n" +
            "EnvironmentFile=-/etc/web.env\nWorkingDirectory=-/srv\n");

        Assert.Empty(definition.Errors);
        Assert.Empty(definition.Unsupported);
        Assert.Equal("Web on 8080", definition.Description);
        Assert.Equal(ServiceType.Forking, definition.Type);
        Assert.Equal("/run/web.pid", definition.PidFile);
        Assert.Equal("/tmp/web@8080", Assert.Single(Assert.Single(definition.ExecStartPre).Arguments));
        Assert.True(definition.ExecStartPre[0].IgnoreFailure);
        Assert.Equal(["--port", "8080"], definition.ExecStart[0].Arguments);
        Assert.Equal(RestartPolicy.OnAbnormal, definition.Restart);
        Assert.Equal(TimeSpan.FromSeconds(2), definition.RestartDelay);
        Assert.Equal(TimeSpan.FromSeconds(10), definition.StartTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), definition.StopTimeout);
        Assert.Equal(KillMode.Mixed, definition.KillMode);
        Assert.Equal(2, definition.KillSignal);
        Assert.False(definition.SendSigkill);
        Assert.Contains(42, definition.SuccessExitCodes);
        Assert.Contains(10, definition.SuccessSignals);
        Assert.Equal([new("B", "2")], definition.Environment); // an empty assignment resets the list
        Assert.Equal([("/etc/web.env", true)], definition.EnvironmentFiles);
        Assert.Equal("/srv", definition.WorkingDirectory);
        Assert.True(definition.WorkingDirectoryOptional);
        Assert.Equal(3, definition.StartLimitBurst);
    }

    [Fact]
    public void Parse_Defaults_MatchSystemd()
    {
        var simple = Parse("a.service", "[Service]\nExecStart=/bin/true\n");
        var oneshot = Parse("b.service", "[Service]\nType=oneshot\n");

        Assert.Equal(ServiceType.Simple, simple.Type);
        Assert.Equal(RestartPolicy.No, simple.Restart);
        Assert.Equal(TimeSpan.FromMilliseconds(100), simple.RestartDelay);
        Assert.Equal(TimeSpan.FromSeconds(90), simple.StartTimeout);
        Assert.Equal(TimeSpan.FromSeconds(90), simple.StopTimeout);
        Assert.Equal(KillMode.ControlGroup, simple.KillMode);
        Assert.Equal(15, simple.KillSignal);
        Assert.Empty(oneshot.Errors);
        Assert.Equal(Timeout.InfiniteTimeSpan, oneshot.StartTimeout);
    }

    [Fact]
    public void Parse_EveryBadSetting_IsReportedAtOnce()
    {
        var definition = Parse("bad.service",
            "[Service]\nType=weird\nRestart=sometimes\nRestartSec=soon\nKillMode=all\nKillSignal=SIGNOPE\nRemainAfterExit=perhaps\nEnvironment=NOPE\nEnvironmentFile=relative\nWorkingDirectory=relative\nExecStart='x\n");

        Assert.Equal(11, definition.Errors.Length);
        Assert.Contains(definition.Errors, e => e.StartsWith("Type=weird", StringComparison.Ordinal));
        Assert.Contains(definition.Errors, e => e.StartsWith("Restart=sometimes", StringComparison.Ordinal));
        Assert.Contains(definition.Errors, e => e.StartsWith("RestartSec=soon", StringComparison.Ordinal));
        Assert.Contains(definition.Errors, e => e.StartsWith("ExecStart='x", StringComparison.Ordinal));
        Assert.Contains(definition.Errors, e => e.StartsWith("ExecStart= is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_SeveralExecStartForSimple_IsAnError()
    {
        var definition = Parse("two.service", "[Service]\nExecStart=/bin/true\nExecStart=/bin/false\n");

        Assert.Contains("only Type=oneshot may have more than one", Assert.Single(definition.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnsupportedDirectivesAndSpecifiers_AreListedOnce()
    {
        var definition = Parse("x.service",
            "[Unit]\nAfter=a.service\nAfter=b.service\nRequires=a.service\n\n[Service]\nType=notify\nExecStart=/bin/echo %u\nLimitNOFILE=4096\n\n[Install]\nWantedBy=multi-user.target\n\n[X-Fleet]\nMachineOf=y.service\n");

        Assert.Equal(
            ["Unit.After", "Unit.Requires", "Service.LimitNOFILE", "Install.WantedBy", "Service.Type=notify (treated as simple: no readiness notification)", "specifier %u"],
            definition.Unsupported);
        Assert.Empty(definition.Errors);
    }

    [Fact]
    public void Parse_UserWithoutRoot_IsIgnoredAndReported()
    {
        var notRoot = Parse("u.service", "[Service]\nUser=nobody\nExecStart=/bin/true\n", isRoot: false);
        var root = Parse("u.service", "[Service]\nUser=nobody\nGroup=nogroup\nExecStart=/bin/true\n", isRoot: true);

        Assert.Null(notRoot.User);
        Assert.Contains(notRoot.Unsupported, u => u.StartsWith("Service.User=", StringComparison.Ordinal));
        Assert.Equal("nobody", root.User);
        Assert.Equal("nogroup", root.Group);
    }

    [Fact]
    public void Parse_NonServiceUnit_LoadsWithoutServiceSettings()
    {
        var definition = Parse("t.timer", "[Unit]\nDescription=Timer\n\n[Timer]\nOnCalendar=daily\n");

        Assert.False(definition.IsService);
        Assert.Empty(definition.Errors);
        Assert.Equal("Timer", definition.Description);
    }
}
