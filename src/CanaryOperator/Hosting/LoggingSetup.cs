using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace CanaryOperator.Hosting;

/// <summary>
/// Serilog for the operator: compact JSON (one event per line, what log collectors parse) in the cluster, a readable
/// line on a terminal. Scopes (namespace, name, reconcile id) are attached to every event.
/// </summary>
public static class LoggingSetup
{
    public static readonly IReadOnlyList<string> Formats = ["json", "text"];

    public static Serilog.ILogger Create(string format, string level, TextWriter? output = null)
    {
        var minimum = ParseLevel(level);
        var config = new LoggerConfiguration()
            .MinimumLevel.Is(minimum)
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
            .Enrich.FromLogContext();
        config = format switch
        {
            "json" => output is null
                ? config.WriteTo.Console(new CompactJsonFormatter())
                : config.WriteTo.Sink(new TextWriterSink(new CompactJsonFormatter(), output)),
            "text" => output is null
                ? config.WriteTo.Console(outputTemplate: TextTemplate)
                : config.WriteTo.Sink(new TextWriterSink(new Serilog.Formatting.Display.MessageTemplateTextFormatter(TextTemplate), output)),
            _ => throw new OperatorStartupException($"unknown --log-format '{format}' (expected json or text)"),
        };
        return config.CreateLogger();
    }

    /// <summary>Accepts Serilog's and Microsoft's level names (debug, info, warn, error, ...).</summary>
    public static LogEventLevel ParseLevel(string level) => level.ToLowerInvariant() switch
    {
        "trace" or "verbose" => LogEventLevel.Verbose,
        "debug" => LogEventLevel.Debug,
        "info" or "information" => LogEventLevel.Information,
        "warn" or "warning" => LogEventLevel.Warning,
        "error" => LogEventLevel.Error,
        "fatal" or "critical" => LogEventLevel.Fatal,
        _ => throw new OperatorStartupException($"unknown --log-level '{level}' (expected debug, info, warn or error)"),
    };

    private const string TextTemplate = "{Timestamp:HH:mm:ss} {Level:u3} [{SourceContext}] {Message:lj}{NewLine}{Exception}";
}
