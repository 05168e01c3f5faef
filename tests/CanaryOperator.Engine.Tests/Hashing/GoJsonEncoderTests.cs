using System.Text;
using System.Text.Json.Nodes;
using CanaryOperator.Engine.Hashing;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Hashing;

/// <summary>The Go <c>encoding/json</c> rules the canonicalizer relies on.</summary>
public class GoJsonEncoderTests
{
    private static readonly GoStructTable Table = new(
        new Dictionary<string, IReadOnlyList<GoField>>
        {
            ["T"] =
            [
                new("name", GoType.Str, OmitEmpty: false),
                new("opt", GoType.Str),
                new("count", GoType.Int),
                new("flag", GoType.Ptr(GoType.Bool)),
                new("items", GoType.Slice(GoType.Str)),
                new("required", GoType.Slice(GoType.Str), OmitEmpty: false),
                new("inner", GoType.Struct("U")),
                new("labels", GoType.Map(GoType.Str)),
                new("qty", GoType.Map(GoType.Quantity)),
            ],
            ["U"] = [new("port", GoType.IntOrString), new("host", GoType.Str)],
        },
        UnknownFieldPolicy.AppendSorted);

    [Fact]
    public void Fields_follow_struct_order_with_omitempty_and_zero_values()
    {
        var node = JsonNode.Parse("""{"labels":{"b":"2","a":"1"},"count":0,"opt":"","flag":false,"items":[],"zzz":{"y":1,"x":2}}""");
        GoJsonEncoder.Encode(node, GoType.Struct("T"), Table)
            .Should().Be("""{"name":"","flag":false,"required":null,"inner":{"port":0},"labels":{"a":"1","b":"2"},"zzz":{"x":2,"y":1}}""");
    }

    [Fact]
    public void Strings_are_escaped_like_go()
    {
        var sb = new StringBuilder();
        GoJsonEncoder.WriteString(sb, "<a href=\"x\">&\u2028\u0001\b\f\n\t\\é😀\u007f");
        sb.ToString().Should().Be("\"\\u003ca href=\\\"x\\\"\\u003e\\u0026\\u2028\\u0001\\b\\f\\n\\t\\\\é😀\u007f\"");
    }

    [Theory]
    [InlineData("0.5", "500m")]
    [InlineData("1000m", "1")]
    [InlineData("1024Mi", "1Gi")]
    [InlineData("16Mi", "16Mi")]
    [InlineData("5m", "5m")]
    public void Quantities_are_written_in_canonical_form(string written, string canonical)
    {
        var node = new JsonObject { ["name"] = "n", ["qty"] = new JsonObject { ["cpu"] = written } };
        GoJsonEncoder.Encode(node, GoType.Struct("T"), Table).Should().Contain($"\"qty\":{{\"cpu\":\"{canonical}\"}}");
    }

    [Fact]
    public void Map_keys_sort_by_utf8_bytes_not_utf16()
    {
        // U+FF5E (3 UTF-8 bytes, EF BD 9E) sorts before U+1F600 (F0 ...), although its UTF-16 unit is larger.
        var node = new JsonObject { ["labels"] = new JsonObject { ["😀"] = "b", ["～"] = "a" } };
        GoJsonEncoder.Encode(node, GoType.Struct("T"), Table).Should().Contain("\"labels\":{\"～\":\"a\",\"😀\":\"b\"}");
    }
}
