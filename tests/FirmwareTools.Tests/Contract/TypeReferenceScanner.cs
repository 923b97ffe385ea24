using System.Reflection;
using System.Reflection.Emit;

namespace FirmwareTools.Tests.Contract;

/// <summary>
/// Every type one type uses, as the compiled assembly shows it: base type, interfaces, generic arguments,
/// attributes, fields, properties, events, method and constructor signatures, local variables, and the
/// tokens in the method bodies (calls, field accesses, casts, typeof, new). A `using` that nothing uses
/// leaves no trace, and a call hidden in a lambda or an iterator is found in its compiler-made type.
/// </summary>
public static class TypeReferenceScanner
{
    private const BindingFlags Everything =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The types <paramref name="type"/> refers to (element and generic argument types unwrapped).</summary>
    public static IReadOnlySet<Type> ReferencedTypes(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t) => AddUnwrapped(t, found);

        Add(type.BaseType);
        foreach (Type i in type.GetInterfaces())
        {
            Add(i);
        }

        AddAttributes(type.CustomAttributes, found);
        foreach (FieldInfo field in type.GetFields(Everything))
        {
            Add(field.FieldType);
            AddAttributes(field.CustomAttributes, found);
        }

        foreach (PropertyInfo property in type.GetProperties(Everything))
        {
            Add(property.PropertyType);
            AddAttributes(property.CustomAttributes, found);
        }

        foreach (EventInfo e in type.GetEvents(Everything))
        {
            Add(e.EventHandlerType);
        }

        var methods = type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything));
        foreach (MethodBase method in methods)
        {
            AddAttributes(method.CustomAttributes, found);
            if (method is MethodInfo mi)
            {
                Add(mi.ReturnType);
            }

            foreach (ParameterInfo p in method.GetParameters())
            {
                Add(p.ParameterType);
                AddAttributes(p.CustomAttributes, found);
            }

            MethodBody? body = method.GetMethodBody();
            if (body == null)
            {
                continue;
            }

            foreach (LocalVariableInfo local in body.LocalVariables)
            {
                Add(local.LocalType);
            }

            foreach (ExceptionHandlingClause clause in body.ExceptionHandlingClauses)
            {
                if (clause.Flags == ExceptionHandlingClauseOptions.Clause)
                {
                    Add(clause.CatchType);
                }
            }

            foreach (MemberInfo member in BodyTokens(method, body))
            {
                AddMember(member, found);
            }
        }

        found.Remove(type);
        return found;
    }

    /// <summary>The members and types the IL of <paramref name="method"/> names by token.</summary>
    public static IEnumerable<MemberInfo> BodyTokens(MethodBase method, MethodBody body)
    {
        Type[]? typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        Type[]? methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        foreach (IlInstruction instruction in Instructions(body))
        {
            switch (instruction.OpCode.OperandType)
            {
                case OperandType.InlineMethod:
                case OperandType.InlineField:
                case OperandType.InlineType:
                case OperandType.InlineTok:
                    MemberInfo? member = Resolve(method.Module, instruction.Operand, typeArgs, methodArgs);
                    if (member != null)
                    {
                        yield return member;
                    }

                    break;
            }
        }
    }

    /// <summary>The instructions of a method body in order, each with its 4-byte operand (a token, a string token) or 0.</summary>
    public static IEnumerable<IlInstruction> Instructions(MethodBody body)
    {
        byte[] il = body.GetILAsByteArray() ?? [];
        int i = 0;
        while (i < il.Length)
        {
            short value = il[i] == 0xFE && i + 1 < il.Length ? (short)(0xFE00 | il[i + 1]) : il[i];
            OpCode op = OpCodesByValue[value];
            i += op.Size;
            int operand = 0;
            switch (op.OperandType)
            {
                case OperandType.InlineMethod:
                case OperandType.InlineField:
                case OperandType.InlineType:
                case OperandType.InlineTok:
                case OperandType.InlineString:
                    operand = BitConverter.ToInt32(il, i);
                    i += 4;
                    break;
                case OperandType.InlineSwitch:
                    int count = BitConverter.ToInt32(il, i);
                    i += 4 + (4 * count);
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.InlineBrTarget:
                case OperandType.InlineI:
                case OperandType.InlineSig:
                case OperandType.ShortInlineR:
                    i += 4;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineNone:
                    break;
                default:
                    throw new InvalidOperationException($"Unknown operand type {op.OperandType}.");
            }

            yield return new IlInstruction(op, operand);
        }
    }

    /// <summary>Resolves an instruction's token in the context of <paramref name="method"/>; null for a token that names nothing.</summary>
    public static MemberInfo? ResolveToken(MethodBase method, int token) =>
        Resolve(method.Module,
            token,
            method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null,
            method.IsGenericMethod ? method.GetGenericArguments() : null);

    private static MemberInfo? Resolve(Module module, int token, Type[]? typeArgs, Type[]? methodArgs)
    {
        try
        {
            return module.ResolveMember(token, typeArgs, methodArgs);
        }
        catch (ArgumentException)
        {
            // A token from another generic context (a generic method instantiated elsewhere): resolve it bare.
            return module.ResolveMember(token);
        }
    }

    private static void AddMember(MemberInfo member, HashSet<Type> found)
    {
        switch (member)
        {
            case Type t:
                AddUnwrapped(t, found);
                break;
            case FieldInfo f:
                AddUnwrapped(f.DeclaringType, found);
                AddUnwrapped(f.FieldType, found);
                break;
            case MethodBase m:
                AddUnwrapped(m.DeclaringType, found);
                if (m is MethodInfo mi)
                {
                    AddUnwrapped(mi.ReturnType, found);
                    if (mi.IsGenericMethod)
                    {
                        foreach (Type a in mi.GetGenericArguments())
                        {
                            AddUnwrapped(a, found);
                        }
                    }
                }

                foreach (ParameterInfo p in m.GetParameters())
                {
                    AddUnwrapped(p.ParameterType, found);
                }

                break;
        }
    }

    private static void AddAttributes(IEnumerable<CustomAttributeData> attributes, HashSet<Type> found)
    {
        foreach (CustomAttributeData a in attributes)
        {
            AddUnwrapped(a.AttributeType, found);
            foreach (CustomAttributeTypedArgument arg in a.ConstructorArguments.Concat(a.NamedArguments.Select(n => n.TypedValue)))
            {
                AddUnwrapped(arg.ArgumentType, found);
                if (arg.Value is Type t)
                {
                    AddUnwrapped(t, found);
                }
            }
        }
    }

    private static void AddUnwrapped(Type? type, HashSet<Type> found)
    {
        while (type != null && (type.HasElementType))
        {
            type = type.GetElementType();
        }

        if (type == null || type.IsGenericParameter)
        {
            return;
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            foreach (Type a in type.GetGenericArguments())
            {
                AddUnwrapped(a, found);
            }

            type = type.GetGenericTypeDefinition();
        }

        found.Add(type);
    }
}
