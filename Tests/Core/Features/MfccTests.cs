using TuneBot.Core.Features;
using Xunit;
using Xunit.Abstractions;

namespace TuneBot.Tests.Core.Features;

public class MfccTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(ReferenceClip.Names), MemberType = typeof(ReferenceClip))]
    public void MfccMatchesLibrosaCellByCell(string name)
    {
        var clip = ReferenceClip.Load(name);
        var expected = clip.Matrix("mfcc");
        var actual = Mfcc.Compute(Stft.Compute(clip.Samples, clip.SampleRate));
        var cmp = MatrixComparison.Absolute(actual, expected, 0.05);
        output.WriteLine($"{name}: {cmp}");
        Assert.True(cmp.FractionWithin >= 0.999, cmp.ToString());
    }

    [Fact]
    public void OrthonormalDctPreservesEnergyOverTheFullBasis()
    {
        var dct = new Dct(16, 16);
        var x = new FeatureMatrix(16, 1);
        var rng = new Random(5);
        double energy = 0;
        for (int n = 0; n < 16; n++) { x[n, 0] = (float)rng.NextDouble(); energy += x[n, 0] * x[n, 0]; }
        var y = dct.Transform(x);
        double energyOut = 0;
        for (int k = 0; k < 16; k++) energyOut += y[k, 0] * y[k, 0];
        Assert.Equal(energy, energyOut, 4);
        double mean = 0;
        for (int n = 0; n < 16; n++) mean += x[n, 0];
        Assert.Equal(mean / 4, y[0, 0], 4); // DC term = Σx / √N
    }
}
