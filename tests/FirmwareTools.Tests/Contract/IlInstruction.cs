using System.Reflection.Emit;

namespace FirmwareTools.Tests.Contract;

/// <summary>One IL instruction as <see cref="TypeReferenceScanner.Instructions"/> reads it: the opcode and its token operand (0 when it has none).</summary>
public readonly record struct IlInstruction(OpCode OpCode, int Operand);
