using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace CanaryOperator.Hosting;

/// <summary>Writes formatted log events to a <see cref="TextWriter"/> (tests capture the operator's log lines with it).</summary>
public sealed class TextWriterSink(ITextFormatter formatter, TextWriter output) : ILogEventSink
{
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            formatter.Format(logEvent, output);
            output.Flush();
        }
    }
}
