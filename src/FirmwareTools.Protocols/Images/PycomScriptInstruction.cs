namespace FirmwareTools.Protocols.Images
{
    /// <summary>One <c>[op, target, argument]</c> line of a script, as written (targets resolve when a plan is made).</summary>
    public sealed class PycomScriptInstruction
    {
        internal PycomScriptInstruction(int index, PycomScriptOperation operation, string opText, string target, string argument)
        {
            Index = index;
            Operation = operation;
            OpText = opText;
            Target = target;
            Argument = argument;
        }

        /// <summary>Position in the script, from 0.</summary>
        public int Index { get; }

        public PycomScriptOperation Operation { get; }

        /// <summary>"e", "w" or "o" as the script spells it.</summary>
        public string OpText { get; }

        /// <summary>A hex offset ("0x1000") or a partition name ("factory", "all", "config").</summary>
        public string Target { get; }

        /// <summary>Erase: a hex length (ignored for a named partition). Write: the member's file name.</summary>
        public string Argument { get; }

        public override string ToString() => $"[\"{OpText}\", \"{Target}\", \"{Argument}\"]";
    }
}
