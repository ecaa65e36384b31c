using System.Collections.Immutable;
using Fleet.Core.Machines;
using Fleet.Core.Units;
using Fleet.Registry.Etcd.Internal;
using Google.Protobuf;
using static Fleet.Registry.Etcd.Tests.TestRegistry;

namespace Fleet.Registry.Etcd.Tests;

[Trait("Category", "Unit")]
public sealed class EtcdCodecTests
{
    private static readonly UnitName Name = UnitName.Parse("web.service");
    private static readonly MachineId Machine1 = MachineId.Parse("m1");
    private static readonly UnitHash Hash = File("codec").Hash;

    [Theory]
    [InlineData(TargetState.Launched)]
    [InlineData(TargetState.Loaded)]
    [InlineData(TargetState.Inactive)]
    public void DecodeSchedule_WhatTheEncoderWrites_ReadWithoutTheSerializerAndEqual(TargetState state)
    {
        var entry = new ScheduleEntry(Name, Machine1, Hash, state);
        var value = EtcdCodec.EncodeSchedule(entry);

        Assert.True(EtcdCodec.TryDecodeHashAndTarget(value.Span, out var hash, out var target));
        Assert.Equal((Hash, state), (hash, target));
        Assert.Equal(entry, EtcdCodec.DecodeSchedule(Name, Machine1, value));
    }

    [Fact]
    public void DecodeUnit_WithoutRequirements_ReadWithoutTheSerializer()
    {
        var record = new UnitRecord(Name, Hash, TargetState.Loaded, UnitRequirements.None);
        var value = EtcdCodec.EncodeUnit(record);

        Assert.True(EtcdCodec.TryDecodeHashAndTarget(value.Span, out _, out _));
        Assert.Equal(record, EtcdCodec.DecodeUnit(Name, value));
    }

    [Fact]
    public void DecodeUnit_WithRequirements_LeftToTheSerializerAndEqual()
    {
        var record = new UnitRecord(Name, Hash, TargetState.Launched, new UnitRequirements
        {
            Conflicts = ["db*.service"],
            MachineMetadata = ImmutableSortedDictionary<string, ImmutableArray<string>>.Empty.WithComparers(StringComparer.Ordinal).Add("role", ["web"]),
        });
        var value = EtcdCodec.EncodeUnit(record);

        Assert.False(EtcdCodec.TryDecodeHashAndTarget(value.Span, out _, out _));
        Assert.Equal(record, EtcdCodec.DecodeUnit(Name, value));
    }

    [Theory]
    [InlineData("{ \"h\":\"HASH\",\"t\":\"launched\"}")] // whitespace
    [InlineData("{\"t\":\"launched\",\"h\":\"HASH\"}")] // other order
    [InlineData("{\"h\":\"HASH\",\"t\":\"launched\",\"x\":1}")] // unknown member
    [InlineData("{\"h\":\"HASH\",\"t\":\"l\\u0061unched\"}")] // escaped
    [InlineData("{\"h\":\"UPPER\",\"t\":\"launched\"}")] // upper-case hex
    public void DecodeSchedule_OtherValidJson_LeftToTheSerializerWithTheSameResult(string json)
    {
        var value = ByteString.CopyFromUtf8(json.Replace("UPPER", Hash.Hex.ToUpperInvariant(), StringComparison.Ordinal).Replace("HASH", Hash.Hex, StringComparison.Ordinal));

        var fast = EtcdCodec.TryDecodeHashAndTarget(value.Span, out _, out _);

        Assert.Equal(json.Contains("UPPER", StringComparison.Ordinal), fast); // only the upper-case hash has the encoder's shape
        Assert.Equal(new ScheduleEntry(Name, Machine1, Hash, TargetState.Launched), EtcdCodec.DecodeSchedule(Name, Machine1, value));
    }

    [Theory]
    [InlineData("{\"h\":\"HASH\",\"t\":\"running\"}")]
    [InlineData("{\"h\":\"0123\",\"t\":\"launched\"}")]
    [InlineData("{\"h\":\"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\",\"t\":\"launched\"}")]
    [InlineData("{\"h\":\"HASH\",\"t\":\"launched\"")]
    [InlineData("not json")]
    [InlineData("")]
    public void DecodeSchedule_BadValue_Null(string json)
    {
        var value = ByteString.CopyFromUtf8(json.Replace("HASH", Hash.Hex, StringComparison.Ordinal));

        Assert.False(EtcdCodec.TryDecodeHashAndTarget(value.Span, out _, out _));
        Assert.Null(EtcdCodec.DecodeSchedule(Name, Machine1, value));
        Assert.Null(EtcdCodec.DecodeUnit(Name, value));
    }
}
