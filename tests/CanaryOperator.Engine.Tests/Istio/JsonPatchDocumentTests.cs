using System.Text.Json.Nodes;
using CanaryOperator.Engine.Istio;
using FluentAssertions;
using Xunit;

namespace CanaryOperator.Engine.Tests.Istio;

public sealed class JsonPatchDocumentTests
{
    [Fact]
    public void Applies_rfc6902_add_remove_replace_and_test()
    {
        var doc = JsonNode.Parse("""{"a":{"b":[1,2,3]},"c~d":1,"e/f":2}""")!;
        var patch = new JsonPatchDocument(
        [
            new("test", "/a/b/1", 2),
            new("replace", "/a/b/1", 20),
            new("add", "/a/b/0", 0),
            new("add", "/a/b/-", 4),
            new("remove", "/c~0d"),
            new("replace", "/e~1f", 3),
            new("add", "/g", new JsonObject { ["h"] = true }),
        ]);
        patch.Apply(doc).ToJsonString().Should().Be("""{"a":{"b":[0,1,20,3,4]},"e/f":3,"g":{"h":true}}""");
        doc.ToJsonString().Should().Be("""{"a":{"b":[1,2,3]},"c~d":1,"e/f":2}""", "the input is not modified");
    }

    [Theory]
    [InlineData("test", "/a", 2)]
    [InlineData("replace", "/missing", 1)]
    [InlineData("remove", "/missing", null)]
    [InlineData("add", "/x/y", 1)]
    public void Failing_operations_throw(string op, string path, int? value)
    {
        var patch = new JsonPatchDocument([new JsonPatchOperation(op, path, value is null ? null : JsonValue.Create(value.Value))]);
        var apply = () => patch.Apply(JsonNode.Parse("""{"a":1}""")!);
        apply.Should().Throw<JsonPatchException>();
    }

    [Fact]
    public void Diff_guards_element_changes_by_identity_and_replaces_reshaped_arrays_under_a_test()
    {
        var before = JsonNode.Parse("""{"spec":{"http":[{"name":"p","route":[{"destination":{"host":"s"},"weight":100},{"destination":{"host":"c"}}]}]}}""");
        var after = JsonNode.Parse("""{"spec":{"http":[{"name":"p","route":[{"destination":{"host":"s"},"weight":90},{"destination":{"host":"c"},"weight":10}]}]}}""");
        JsonPatchDocument.Diff(before, after).ToJsonString().Should().Be(
            """[{"op":"test","path":"/spec/http/0/name","value":"p"},"""
            + """{"op":"test","path":"/spec/http/0/route/0/destination/host","value":"s"},{"op":"replace","path":"/spec/http/0/route/0/weight","value":90},"""
            + """{"op":"test","path":"/spec/http/0/route/1/destination/host","value":"c"},{"op":"add","path":"/spec/http/0/route/1/weight","value":10}]""");

        var reordered = JsonNode.Parse("""{"spec":{"http":[{"name":"q"},{"name":"p"}]}}""");
        var original = JsonNode.Parse("""{"spec":{"http":[{"name":"p"},{"name":"q"}]}}""");
        var patch = JsonPatchDocument.Diff(original, reordered);
        patch.Operations.Select(o => (o.Op, o.Path)).Should().Equal(("test", "/spec/http"), ("replace", "/spec/http"));
        JsonNode.DeepEquals(patch.Apply(original!), reordered).Should().BeTrue();
        JsonPatchDocument.Diff(original, original).IsEmpty.Should().BeTrue();
    }
}
