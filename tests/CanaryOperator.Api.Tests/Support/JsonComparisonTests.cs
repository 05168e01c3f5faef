using System.Text.Json.Nodes;

namespace CanaryOperator.Api.Tests.Support;

/// <summary>The comparison every round-trip test relies on must see real differences and ignore key order.</summary>
public sealed class JsonComparisonTests
{
    [Theory]
    [InlineData("""{"a":1,"b":[1,2]}""", """{"b":[1,2],"a":1}""")]
    [InlineData("""{"a":{"x":true,"y":null}}""", """{"a":{"y":null,"x":true}}""")]
    public void Key_order_is_ignored(string a, string b)
    {
        JsonComparison.AreEqual(JsonNode.Parse(a), JsonNode.Parse(b)).Should().BeTrue();
        JsonComparison.Differences(JsonNode.Parse(a), JsonNode.Parse(b)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("""{"a":"25"}""", """{"a":25}""", "$.a: expected \"25\", got 25")]
    [InlineData("""{"a":[1,2]}""", """{"a":[2,1]}""", "$.a[0]: expected 1, got 2")]
    [InlineData("""{"a":{}}""", """{"a":null}""", "$.a: expected {}, got null")]
    [InlineData("""{"a":1}""", """{}""", "$.a: missing (expected 1)")]
    [InlineData("""{}""", """{"b":false}""", "$.b: unexpected false")]
    [InlineData("""{"a":[1]}""", """{"a":[1,1]}""", "$.a: expected [1], got [1,1]")]
    public void Differences_are_reported_by_path(string expected, string actual, string difference)
    {
        JsonComparison.AreEqual(JsonNode.Parse(expected), JsonNode.Parse(actual)).Should().BeFalse();
        JsonComparison.Differences(JsonNode.Parse(expected), JsonNode.Parse(actual)).Should().Contain(difference);
    }

    [Fact]
    public void A_long_node_equals_the_same_number_parsed_from_text()
    {
        var fromYaml = new JsonObject { ["n"] = JsonValue.Create(10L) };

        JsonComparison.AreEqual(fromYaml, JsonNode.Parse("""{"n":10}""")).Should().BeTrue();
    }
}
