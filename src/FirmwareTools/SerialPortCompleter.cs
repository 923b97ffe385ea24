using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using FirmwareTools.Protocols.Serial;

namespace FirmwareTools
{
    /// <summary>
    /// Tab completion for every cmdlet's -Port: the names Get-SerialPort lists, with the USB id and product as the
    /// tooltip. Never throws: completion on a machine without ports (or whose listing fails) offers nothing.
    /// </summary>
    public sealed class SerialPortCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            IReadOnlyList<SerialPortInfo> ports;
            try
            {
                ports = SerialPortFinder.Find();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return Array.Empty<CompletionResult>();
            }

            return Matches(ports, wordToComplete)
                .Select(m => new CompletionResult(m.Text, m.Port, CompletionResultType.ParameterValue, m.ToolTip))
                .ToList();
        }

        /// <summary>
        /// Ports whose name, or whose name without its folder (ttyUSB0 for /dev/ttyUSB0), starts with the word
        /// (quotes stripped, case-insensitive). Names with spaces come back quoted.
        /// </summary>
        internal static IReadOnlyList<(string Text, string Port, string ToolTip)> Matches(IEnumerable<SerialPortInfo> ports, string? wordToComplete)
        {
            string word = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return ports
                .Where(p => p.Port.StartsWith(word, StringComparison.OrdinalIgnoreCase) ||
                            p.Port.Substring(p.Port.LastIndexOf('/') + 1).StartsWith(word, StringComparison.OrdinalIgnoreCase))
                .Select(p => (p.Port.IndexOf(' ') >= 0 ? "'" + p.Port.Replace("'", "''") + "'" : p.Port, p.Port, ToolTip(p)))
                .ToList();
        }

        private static string ToolTip(SerialPortInfo port)
        {
            string[] parts = new[] { port.Id, port.Product ?? port.Description, port.SerialNumber }.Where(s => !string.IsNullOrEmpty(s)).ToArray()!;
            return parts.Length == 0 ? port.Port : port.Port + " " + string.Join(" ", parts);
        }
    }
}
