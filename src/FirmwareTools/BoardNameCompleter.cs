using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using FirmwareTools.Protocols.Downloads;

namespace FirmwareTools
{
    /// <summary>
    /// Tab completion for Save-Firmware -Board: the board names micropython.org and Pycom's service know, offline
    /// (a network round trip per Tab would make the prompt hang). Any other name still works; this only helps typing.
    /// </summary>
    public sealed class BoardNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return MicroPythonBoards.KnownBoards
                .Concat(PycomFirmwareSource.KnownBoards)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Where(board => board.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .OrderBy(board => board, StringComparer.Ordinal)
                .Select(board => new CompletionResult(board, board, CompletionResultType.ParameterValue, board));
        }
    }
}
