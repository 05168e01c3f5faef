using System.Collections.Frozen;

namespace CanaryOperator.Engine.Hashing;

/// <summary>How a Go field is declared, which decides how <c>encoding/json</c> writes (or omits) it.</summary>
public enum GoKind
{
    /// <summary>string (zero "").</summary>
    String,

    /// <summary>any integer (zero 0).</summary>
    Int,

    /// <summary>bool (zero false).</summary>
    Bool,

    /// <summary>resource.Quantity: a struct marshalled as its canonical string (zero "0"); never omitted by omitempty.</summary>
    Quantity,

    /// <summary>intstr.IntOrString: a struct marshalled as number or string (zero 0); never omitted by omitempty.</summary>
    IntOrString,

    /// <summary>metav1.Time with <c>omitzero</c> (k8s ≥ 0.34): omitted when zero, else the RFC 3339 text.</summary>
    Time,

    /// <summary>A value struct: always written (omitempty has no effect on structs), zero = all fields zero.</summary>
    Struct,

    /// <summary>A pointer: omitted by omitempty only when nil; written as null when nil without omitempty.</summary>
    Pointer,

    /// <summary>A slice: omitempty drops nil and empty; nil without omitempty is null.</summary>
    Slice,

    /// <summary>A map: like a slice; keys are written sorted by their UTF-8 bytes.</summary>
    Map,

    /// <summary>json.RawMessage: copied compactly, in its own key order.</summary>
    Raw,

    /// <summary>A type we do not model: written with object keys sorted (deterministic, not necessarily Go's order).</summary>
    Any,
}

/// <summary>A Go type: its kind, the struct name for <see cref="GoKind.Struct"/>, the element type for pointers, slices and maps.</summary>
public sealed record GoType(GoKind Kind, string? StructName = null, GoType? Elem = null)
{
    public static readonly GoType Str = new(GoKind.String);
    public static readonly GoType Int = new(GoKind.Int);
    public static readonly GoType Bool = new(GoKind.Bool);
    public static readonly GoType Quantity = new(GoKind.Quantity);
    public static readonly GoType IntOrString = new(GoKind.IntOrString);
    public static readonly GoType Time = new(GoKind.Time);
    public static readonly GoType Raw = new(GoKind.Raw);
    public static readonly GoType Any = new(GoKind.Any);

    public static GoType Struct(string name) => new(GoKind.Struct, name);

    public static GoType Ptr(GoType elem) => new(GoKind.Pointer, Elem: elem);

    public static GoType PtrStruct(string name) => Ptr(Struct(name));

    public static GoType Slice(GoType elem) => new(GoKind.Slice, Elem: elem);

    public static GoType SliceOf(string structName) => Slice(Struct(structName));

    public static GoType Map(GoType elem) => new(GoKind.Map, Elem: elem);
}

/// <summary>One struct field: its JSON name, Go type and whether the tag has <c>omitempty</c>.</summary>
public sealed record GoField(string Name, GoType Type, bool OmitEmpty = true);

/// <summary>What to do with JSON properties a struct layout does not list.</summary>
public enum UnknownFieldPolicy
{
    /// <summary>Drop them, as Go does when unmarshalling into a struct that lacks the field.</summary>
    Drop,

    /// <summary>Write them after the known fields, keys sorted, so that a change to them still changes the hash.</summary>
    AppendSorted,
}

/// <summary>Struct layouts (field order and tags) by struct name.</summary>
public sealed class GoStructTable(IReadOnlyDictionary<string, IReadOnlyList<GoField>> structs, UnknownFieldPolicy unknownFields)
{
    // The field names per struct, built once: the encoder asks for them for every struct it writes (hashing runs on
    // every planning pass).
    private readonly FrozenDictionary<string, FrozenSet<string>> _fieldNames = structs.ToFrozenDictionary(
        s => s.Key, s => s.Value.Select(f => f.Name).ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal);

    public UnknownFieldPolicy UnknownFields { get; } = unknownFields;

    /// <summary>The JSON names of <paramref name="structName"/>'s fields.</summary>
    public IReadOnlySet<string> FieldNames(string structName) =>
        _fieldNames.TryGetValue(structName, out var names)
            ? names
            : throw new KeyNotFoundException($"no Go layout for struct '{structName}'");

    public IReadOnlyList<GoField> Fields(string structName) =>
        structs.TryGetValue(structName, out var fields)
            ? fields
            : throw new KeyNotFoundException($"no Go layout for struct '{structName}'");
}
