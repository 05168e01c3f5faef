namespace CanaryOperator.Runtime.Informers;

/// <summary>Computes the index values an object is filed under (an object may have none or several).</summary>
public delegate IEnumerable<string> IndexFunc<in T>(T obj);
