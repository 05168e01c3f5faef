// Entry point. Sub-commands (run, simulate, sandbox, bench) are added as they land; see README.md.
return CanaryOperator.Cli.CommandLine.Run(args);
