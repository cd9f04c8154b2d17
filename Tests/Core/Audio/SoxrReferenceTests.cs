using System.Runtime.InteropServices;
using TuneBot.Core.Audio;
using Xunit;

namespace TuneBot.Tests.Core.Audio;

/// <summary>
/// librosa.load resamples with python-soxr's "soxr_hq", i.e. libsoxr's <c>soxr_quality_spec(SOXR_HQ, 0)</c> in one
/// shot. Debian's ffmpeg links the same libsoxr; this calls that library directly as the reference and requires
/// the decoder's output to be identical, sample for sample.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class SoxrReferenceTests(TestAudioFiles files) : IClassFixture<TestAudioFiles>
{
    private const int SoxrHq = 4;   // soxr.h: SOXR_HQ = SOXR_20_BITQ = 4

    [StructLayout(LayoutKind.Sequential)]
    private struct SoxrQualitySpec
    {
        public double Precision, PhaseResponse, PassbandEnd, StopbandBegin;
        public IntPtr E;
        public nuint Flags;
    }

    [LibraryImport("libsoxr.so.0", EntryPoint = "soxr_quality_spec")]
    private static partial SoxrQualitySpec QualitySpec(nuint recipe, nuint flags);

    [LibraryImport("libsoxr.so.0", EntryPoint = "soxr_oneshot")]
    private static unsafe partial IntPtr OneShot(double inputRate, double outputRate, uint channels,
        float* input, nuint inputLength, nuint* inputDone, float* output, nuint outputLength, nuint* outputDone,
        IntPtr ioSpec, SoxrQualitySpec* qualitySpec, IntPtr runtimeSpec);

    [Theory]
    [InlineData(44100)]
    [InlineData(48000)]
    public async Task Resampling_is_identical_to_libsoxr_hq_as_librosa_uses_it(int sourceRate)
    {
        string path = files.Generate($"noise-and-tones-{sourceRate}.wav",
            $"aevalsrc=0.3*sin(2*PI*440*t)+0.2*sin(2*PI*5000*t)+0.1*sin(2*PI*10900*t):s={sourceRate}:d=3", "-c:a", "pcm_f32le");
        float[] source = ReadFloatWav(path);

        float[] reference = Reference(source, sourceRate, 22050);
        var decoded = await new AudioDecoder().DecodeAsync(path, DecodeOptions.Ingest);

        Assert.True(decoded.Success, decoded.ToString());
        Assert.Equal(reference.Length, decoded.Audio.Samples.Length);
        Assert.Equal(reference, decoded.Audio.Samples);
    }

    private static unsafe float[] Reference(float[] input, int inputRate, int outputRate)
    {
        var output = new float[(int)Math.Ceiling((double)input.Length * outputRate / inputRate)];
        var quality = QualitySpec(SoxrHq, 0);
        nuint done = 0;
        fixed (float* inp = input)
        fixed (float* outp = output)
        {
            IntPtr error = OneShot(inputRate, outputRate, 1, inp, (nuint)input.Length, null, outp, (nuint)output.Length, &done,
                IntPtr.Zero, &quality, IntPtr.Zero);
            Assert.True(error == IntPtr.Zero, Marshal.PtrToStringUTF8(error));
        }
        return output[..(int)done];
    }

    // The 32-bit float mono WAV ffmpeg writes: samples follow the "data" chunk header.
    private static float[] ReadFloatWav(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int at = bytes.AsSpan().IndexOf("data"u8);
        int length = BitConverter.ToInt32(bytes, at + 4);
        return MemoryMarshal.Cast<byte, float>(bytes.AsSpan(at + 8, length)).ToArray();
    }
}
