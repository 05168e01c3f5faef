// Benchmark entry point; suites are added by the benchmarks task (issue 8).
Console.Error.WriteLine("no benchmark suite yet");
return 2;
