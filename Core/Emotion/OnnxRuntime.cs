using System.Runtime.InteropServices;
using System.Text;

namespace TuneBot.Core.Emotion;

/// <summary>
/// A thin binding to ONNX Runtime's C API, without the Microsoft.ML.OnnxRuntime package: the native library is
/// loaded with <see cref="NativeLibrary"/>, <c>OrtGetApiBase()</c> gives the <c>OrtApi</c> table, and its
/// entries are called through function pointers. Indices are zero-based positions in <c>struct OrtApi</c>
/// (onnxruntime_c_api.h); the struct only grows at the end, so they hold for every later release
/// (facts: shared/notes/onnxruntime.md). One instance per library path and process; it owns the process's
/// single <c>OrtEnv</c>, which lives as long as the process.
/// </summary>
internal sealed unsafe class OnnxRuntime
{
    /// <summary>API version requested: every entry used here exists in it, so ONNX Runtime ≥ 1.16 works.</summary>
    private const uint ApiVersion = 16;

    private const int IdxGetErrorCode = 1;
    private const int IdxGetErrorMessage = 2;
    private const int IdxCreateEnv = 3;
    private const int IdxCreateSession = 7;
    private const int IdxRun = 9;
    private const int IdxCreateSessionOptions = 10;
    private const int IdxSetSessionExecutionMode = 13;
    private const int IdxSetSessionGraphOptimizationLevel = 23;
    private const int IdxSetIntraOpNumThreads = 24;
    private const int IdxSetInterOpNumThreads = 25;
    private const int IdxSessionGetInputCount = 30;
    private const int IdxSessionGetOutputCount = 31;
    private const int IdxSessionGetInputName = 36;
    private const int IdxSessionGetOutputName = 37;
    private const int IdxCreateTensorWithDataAsOrtValue = 49;
    private const int IdxGetTensorMutableData = 51;
    private const int IdxCreateCpuMemoryInfo = 69;
    private const int IdxAllocatorFree = 76;
    private const int IdxGetAllocatorWithDefaultOptions = 78;
    private const int IdxReleaseStatus = 93;
    private const int IdxReleaseMemoryInfo = 94;
    private const int IdxReleaseSession = 95;
    private const int IdxReleaseValue = 96;
    private const int IdxReleaseSessionOptions = 100;
    private const int IdxAddSessionConfigEntry = 130;

    /// <summary>ONNXTensorElementDataType values.</summary>
    public const int ElementFloat = 1;

    /// <summary>ONNXTensorElementDataType values.</summary>
    public const int ElementInt64 = 7;

    private static readonly Dictionary<string, OnnxRuntime> Loaded = new(StringComparer.Ordinal);
    private static readonly Lock LoadLock = new();

    private readonly void** _api;
    private readonly IntPtr _env;

    private OnnxRuntime(string path, void** api, IntPtr env, string version)
    {
        LibraryPath = path;
        _api = api;
        _env = env;
        Version = version;
    }

    /// <summary>Full path of the loaded library.</summary>
    public string LibraryPath { get; }

    /// <summary>ONNX Runtime's version string, e.g. "1.30.0".</summary>
    public string Version { get; }

    /// <summary>
    /// Loads the library at <paramref name="path"/> once per process and creates the environment; throws
    /// <see cref="EmotionRuntimeException"/> (LibraryMissing / LibraryBroken) with the path and a remedy.
    /// </summary>
    public static OnnxRuntime Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        lock (LoadLock)
        {
            if (Loaded.TryGetValue(full, out var rt)) return rt;
            if (!File.Exists(full))
            {
                throw new EmotionRuntimeException(EmotionRuntimeFailure.LibraryMissing, full,
                    $"ONNX Runtime library not found at {full}. {EmotionPaths.LibraryRemedy}");
            }
            IntPtr handle;
            try
            {
                handle = NativeLibrary.Load(full);
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                throw new EmotionRuntimeException(EmotionRuntimeFailure.LibraryBroken, full,
                    $"ONNX Runtime library at {full} does not load ({e.Message.Trim()}). Delete it and " +
                    EmotionPaths.LibraryRemedy, e);
            }
            if (!NativeLibrary.TryGetExport(handle, "OrtGetApiBase", out var getApiBase))
            {
                throw new EmotionRuntimeException(EmotionRuntimeFailure.LibraryBroken, full,
                    $"{full} is not ONNX Runtime (no OrtGetApiBase export). {EmotionPaths.LibraryRemedy}");
            }
            // OrtApiBase = { const OrtApi* (*GetApi)(uint32_t); const char* (*GetVersionString)(void); }
            var apiBase = ((delegate* unmanaged<IntPtr*>)getApiBase)();
            var version = Marshal.PtrToStringUTF8(((delegate* unmanaged<IntPtr>)apiBase[1])()) ?? "?";
            var api = (void**)((delegate* unmanaged<uint, IntPtr>)apiBase[0])(ApiVersion);
            if (api == null)
            {
                throw new EmotionRuntimeException(EmotionRuntimeFailure.LibraryBroken, full,
                    $"ONNX Runtime {version} at {full} does not offer C API version {ApiVersion}; use 1.16 or later. " +
                    EmotionPaths.LibraryRemedy);
            }
            IntPtr env;
            fixed (byte* logId = Utf8Z("tunebot"))
            {
                var status = ((delegate* unmanaged<int, byte*, IntPtr*, IntPtr>)api[IdxCreateEnv])(3 /* ERROR */, logId, &env);
                ThrowIfFailed(api, status, EmotionRuntimeFailure.LibraryBroken, full, "CreateEnv");
            }
            rt = new OnnxRuntime(full, api, env, version);
            Loaded[full] = rt;
            return rt;
        }
    }

    /// <summary>
    /// Opens a session on a model file, single-threaded and sequential (small model on a shared 2-core host:
    /// more threads or spinning only burn CPU), checking it has exactly one input and one output.
    /// Returns the session and its input/output names; throws ModelBroken with ONNX Runtime's message.
    /// </summary>
    public IntPtr CreateSession(string modelPath, out string inputName, out string outputName)
    {
        IntPtr options;
        Check(((delegate* unmanaged<IntPtr*, IntPtr>)_api[IdxCreateSessionOptions])(&options), modelPath, "CreateSessionOptions");
        try
        {
            Check(((delegate* unmanaged<IntPtr, int, IntPtr>)_api[IdxSetIntraOpNumThreads])(options, 1), modelPath, "SetIntraOpNumThreads");
            Check(((delegate* unmanaged<IntPtr, int, IntPtr>)_api[IdxSetInterOpNumThreads])(options, 1), modelPath, "SetInterOpNumThreads");
            Check(((delegate* unmanaged<IntPtr, int, IntPtr>)_api[IdxSetSessionExecutionMode])(options, 0 /* SEQUENTIAL */), modelPath, "SetSessionExecutionMode");
            Check(((delegate* unmanaged<IntPtr, int, IntPtr>)_api[IdxSetSessionGraphOptimizationLevel])(options, 99 /* ENABLE_ALL */), modelPath, "SetSessionGraphOptimizationLevel");
            var key = Utf8Z("session.intra_op.allow_spinning");
            var value = Utf8Z("0");
            fixed (byte* pk = key, pv = value)
            {
                Check(((delegate* unmanaged<IntPtr, byte*, byte*, IntPtr>)_api[IdxAddSessionConfigEntry])(options, pk, pv), modelPath, "AddSessionConfigEntry");
            }
            IntPtr session;
            // ORTCHAR_T is char (UTF-8) on Linux and macOS.
            var path = Utf8Z(modelPath);
            fixed (byte* pp = path)
            {
                Check(((delegate* unmanaged<IntPtr, byte*, IntPtr, IntPtr*, IntPtr>)_api[IdxCreateSession])(_env, pp, options, &session), modelPath, "CreateSession");
            }
            try
            {
                nuint inputs, outputs;
                Check(((delegate* unmanaged<IntPtr, nuint*, IntPtr>)_api[IdxSessionGetInputCount])(session, &inputs), modelPath, "SessionGetInputCount");
                Check(((delegate* unmanaged<IntPtr, nuint*, IntPtr>)_api[IdxSessionGetOutputCount])(session, &outputs), modelPath, "SessionGetOutputCount");
                if (inputs != 1 || outputs != 1)
                {
                    throw new EmotionRuntimeException(EmotionRuntimeFailure.ModelBroken, modelPath,
                        $"model {modelPath} has {inputs} inputs and {outputs} outputs, expected 1 and 1. {EmotionPaths.ModelRemedy}");
                }
                inputName = SessionName(session, IdxSessionGetInputName, modelPath);
                outputName = SessionName(session, IdxSessionGetOutputName, modelPath);
                return session;
            }
            catch
            {
                ReleaseSession(session);
                throw;
            }
        }
        finally
        {
            ((delegate* unmanaged<IntPtr, void>)_api[IdxReleaseSessionOptions])(options);
        }
    }

    /// <summary>OrtMemoryInfo for plain CPU buffers (arena allocator, default memory type).</summary>
    public IntPtr CreateCpuMemoryInfo()
    {
        IntPtr info;
        Check(((delegate* unmanaged<int, int, IntPtr*, IntPtr>)_api[IdxCreateCpuMemoryInfo])(1, 0, &info), null, "CreateCpuMemoryInfo");
        return info;
    }

    /// <summary>
    /// Wraps caller memory as a tensor without copying; the memory must stay valid while the value lives.
    /// Returns the OrtValue, or the failure status (non-zero) in <paramref name="status"/>.
    /// </summary>
    public IntPtr CreateTensor(IntPtr memoryInfo, void* data, nuint bytes, long* shape, int rank, int elementType, out IntPtr status)
    {
        IntPtr value = IntPtr.Zero;
        status = ((delegate* unmanaged<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr>)_api[IdxCreateTensorWithDataAsOrtValue])(
            memoryInfo, data, bytes, shape, (nuint)rank, elementType, &value);
        return value;
    }

    /// <summary>Runs a session with one input and one pre-allocated output; returns the status (0 = success).</summary>
    public IntPtr Run(IntPtr session, byte* inputName, IntPtr input, byte* outputName, IntPtr* output)
    {
        return ((delegate* unmanaged<IntPtr, IntPtr, byte**, IntPtr*, nuint, byte**, nuint, IntPtr*, IntPtr>)_api[IdxRun])(
            session, IntPtr.Zero, &inputName, &input, 1, &outputName, 1, output);
    }

    /// <summary>Reads and frees a failure status: "(code N) message".</summary>
    public string TakeError(IntPtr status) => TakeError(_api, status);

    /// <summary>Releases an OrtValue.</summary>
    public void ReleaseValue(IntPtr value)
    {
        if (value != IntPtr.Zero) ((delegate* unmanaged<IntPtr, void>)_api[IdxReleaseValue])(value);
    }

    /// <summary>Releases an OrtSession.</summary>
    public void ReleaseSession(IntPtr session)
    {
        if (session != IntPtr.Zero) ((delegate* unmanaged<IntPtr, void>)_api[IdxReleaseSession])(session);
    }

    /// <summary>Releases an OrtMemoryInfo.</summary>
    public void ReleaseMemoryInfo(IntPtr info)
    {
        if (info != IntPtr.Zero) ((delegate* unmanaged<IntPtr, void>)_api[IdxReleaseMemoryInfo])(info);
    }

    /// <summary>A NUL-terminated UTF-8 copy of <paramref name="s"/>.</summary>
    public static byte[] Utf8Z(string s)
    {
        var b = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, b);
        return b;
    }

    private string SessionName(IntPtr session, int index, string modelPath)
    {
        IntPtr allocator;
        Check(((delegate* unmanaged<IntPtr*, IntPtr>)_api[IdxGetAllocatorWithDefaultOptions])(&allocator), modelPath, "GetAllocatorWithDefaultOptions");
        byte* name;
        Check(((delegate* unmanaged<IntPtr, nuint, IntPtr, byte**, IntPtr>)_api[index])(session, 0, allocator, &name), modelPath, "SessionGet*Name");
        try
        {
            return Marshal.PtrToStringUTF8((IntPtr)name) ?? "";
        }
        finally
        {
            Check(((delegate* unmanaged<IntPtr, void*, IntPtr>)_api[IdxAllocatorFree])(allocator, name), modelPath, "AllocatorFree");
        }
    }

    private void Check(IntPtr status, string? path, string what) =>
        ThrowIfFailed(_api, status, EmotionRuntimeFailure.ModelBroken, path, what);

    private static void ThrowIfFailed(void** api, IntPtr status, EmotionRuntimeFailure failure, string? path, string what)
    {
        if (status == IntPtr.Zero) return;
        var message = TakeError(api, status);
        var remedy = failure == EmotionRuntimeFailure.ModelBroken ? EmotionPaths.ModelRemedy : EmotionPaths.LibraryRemedy;
        throw new EmotionRuntimeException(failure, path,
            $"ONNX Runtime {what} failed{(path is null ? "" : $" for {path}")}: {message}. {remedy}");
    }

    private static string TakeError(void** api, IntPtr status)
    {
        var code = ((delegate* unmanaged<IntPtr, int>)api[IdxGetErrorCode])(status);
        var message = Marshal.PtrToStringUTF8((IntPtr)((delegate* unmanaged<IntPtr, byte*>)api[IdxGetErrorMessage])(status)) ?? "";
        ((delegate* unmanaged<IntPtr, void>)api[IdxReleaseStatus])(status);
        return $"(code {code}) {message.Trim()}";
    }
}
