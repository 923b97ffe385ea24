using System;
using System.Runtime.InteropServices;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>
    /// Loads a native library by file name and finds its exports without NativeLibrary (absent from
    /// netstandard2.0 and .NET Framework): dlopen/dlsym on Unix, LoadLibrary/GetProcAddress on Windows.
    /// Libraries are never unloaded; libusb stays for the life of the process.
    /// </summary>
    internal static class NativeLibraryLoader
    {
        private const int RTLD_NOW = 2;

        private static readonly object Gate = new object();
        private static Dl? dl;

        private delegate IntPtr DlOpen(string fileName, int flags);

        private delegate IntPtr DlSym(IntPtr handle, string symbol);

        private delegate IntPtr DlError();

        /// <summary>The handle, or IntPtr.Zero with the loader's reason in <paramref name="error"/>.</summary>
        public static IntPtr TryLoad(string fileName, out string? error)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                IntPtr module = Kernel32.LoadLibraryW(fileName);
                error = module == IntPtr.Zero ? $"LoadLibrary error {Marshal.GetLastWin32Error()}" : null;
                return module;
            }

            Dl functions = Functions();
            functions.Error();
            IntPtr handle = functions.Open(fileName, RTLD_NOW);
            error = handle == IntPtr.Zero ? Marshal.PtrToStringAnsi(functions.Error()) ?? "dlopen failed" : null;
            return handle;
        }

        /// <summary>The address of <paramref name="symbol"/>, or IntPtr.Zero when the library does not export it.</summary>
        public static IntPtr GetExport(IntPtr library, string symbol)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return Kernel32.GetProcAddress(library, symbol);
            }

            return Functions().Sym(library, symbol);
        }

        /// <summary>
        /// dlopen lives in libdl.so.2 on older glibc, in libc.so.6 on glibc 2.34+, in libc on musl and in
        /// libSystem on macOS; take the first that answers.
        /// </summary>
        private static Dl Functions()
        {
            lock (Gate)
            {
                if (dl is not null)
                {
                    return dl;
                }

                Func<Dl>[] candidates = RuntimeInformation.IsOSPlatform(OSPlatform.OSX)
                    ? new Func<Dl>[] { () => new Dl(LibSystem.dlopen, LibSystem.dlsym, LibSystem.dlerror) }
                    : new Func<Dl>[]
                    {
                        () => new Dl(LibDl2.dlopen, LibDl2.dlsym, LibDl2.dlerror),
                        () => new Dl(LibC6.dlopen, LibC6.dlsym, LibC6.dlerror),
                        () => new Dl(LibC.dlopen, LibC.dlsym, LibC.dlerror),
                    };

                Exception? last = null;
                foreach (Func<Dl> candidate in candidates)
                {
                    try
                    {
                        Dl functions = candidate();
                        functions.Error(); // forces the P/Invoke to bind now, so a missing library shows here
                        dl = functions;
                        return functions;
                    }
                    catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
                    {
                        last = ex;
                    }
                }

                throw new DllNotFoundException("No dlopen was found in libdl.so.2, libc.so.6, libc or libSystem.", last);
            }
        }

        private sealed class Dl
        {
            public Dl(DlOpen open, DlSym sym, DlError error)
            {
                Open = open;
                Sym = sym;
                Error = error;
            }

            public DlOpen Open { get; }

            public DlSym Sym { get; }

            public DlError Error { get; }
        }

        private static class LibDl2
        {
            [DllImport("libdl.so.2", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
            public static extern IntPtr dlopen(string fileName, int flags);

            [DllImport("libdl.so.2", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
            public static extern IntPtr dlsym(IntPtr handle, string symbol);

            [DllImport("libdl.so.2")]
            public static extern IntPtr dlerror();
        }

        private static class LibC6
        {
            [DllImport("libc.so.6", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
            public static extern IntPtr dlopen(string fileName, int flags);

            [DllImport("libc.so.6", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
            public static extern IntPtr dlsym(IntPtr handle, string symbol);

            [DllImport("libc.so.6")]
            public static extern IntPtr dlerror();
        }

        private static class LibC
        {
            [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
            public static extern IntPtr dlopen(string fileName, int flags);

            [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
            public static extern IntPtr dlsym(IntPtr handle, string symbol);

            [DllImport("libc")]
            public static extern IntPtr dlerror();
        }

        private static class LibSystem
        {
            [DllImport("/usr/lib/libSystem.B.dylib", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
            public static extern IntPtr dlopen(string fileName, int flags);

            [DllImport("/usr/lib/libSystem.B.dylib", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
            public static extern IntPtr dlsym(IntPtr handle, string symbol);

            [DllImport("/usr/lib/libSystem.B.dylib")]
            public static extern IntPtr dlerror();
        }

        private static class Kernel32
        {
            [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
            public static extern IntPtr LoadLibraryW(string fileName);

            [DllImport("kernel32.dll", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
            public static extern IntPtr GetProcAddress(IntPtr module, string procName);
        }
    }
}
