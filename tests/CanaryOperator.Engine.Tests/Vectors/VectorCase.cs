using System.Text.Json.Nodes;

namespace CanaryOperator.Engine.Tests.Vectors;

/// <summary>One vector as a theory reads it: the Go function it covers, its source test, its input and its expectations.</summary>
public sealed record VectorCase(string? Function, string Source, JsonObject Input, JsonObject Expected);
