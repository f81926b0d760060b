using Fleet.Kubernetes.Quantities;

namespace Fleet.Kubernetes.Tests.Quantities;

public class QuantityTests
{
    [Theory]
    [InlineData("0.5", "500m")]
    [InlineData("1000m", "1")]
    [InlineData("1500m", "1500m")]
    [InlineData("1.5", "1500m")]
    [InlineData("100m", "100m")]
    [InlineData("1", "1")]
    [InlineData("01", "1")]
    [InlineData("+2", "2")]
    [InlineData("-1", "-1")]
    [InlineData("0", "0")]
    [InlineData("0Gi", "0")]
    [InlineData("1Gi", "1Gi")]
    [InlineData("1024Mi", "1Gi")]
    [InlineData("1.5Gi", "1536Mi")]
    [InlineData("0.5Gi", "512Mi")]
    [InlineData("100Mi", "100Mi")]
    [InlineData("1000Mi", "1000Mi")]
    [InlineData("1024", "1024")]
    [InlineData("0.5Ki", "512")]
    [InlineData("2000k", "2M")]
    [InlineData("1500k", "1500k")]
    [InlineData("1000M", "1G")]
    [InlineData("1e3", "1e3")]
    [InlineData("1E3", "1e3")]
    [InlineData("1.5e3", "1500")]
    [InlineData("1e-3", "1e-3")]
    [InlineData("1.", "1")]
    [InlineData(".5", "500m")]
    [InlineData("0.0000000001", "1n")]
    [InlineData("3.001n", "4n")]
    [InlineData("100.035Ki", "102435840m")]
    public void Canonicalize_KnownInput_MatchesServerSerialisation(string input, string expected) =>
        Assert.Equal(expected, Quantity.Canonicalize(input));

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1.1.M")]
    [InlineData("1K")]
    [InlineData("0.1mi")]
    [InlineData("1i")]
    [InlineData("1 ")]
    [InlineData(" 1")]
    [InlineData("-3.01e-")]
    [InlineData("1Gb")]
    public void TryCanonicalize_Malformed_ReturnsFalse(string input)
    {
        Assert.False(Quantity.TryCanonicalize(input, out var canonical));
        Assert.Null(canonical);
        Assert.Throws<FormatException>(() => Quantity.Canonicalize(input));
    }

    [Theory]
    [InlineData("500m")]
    [InlineData("1536Mi")]
    [InlineData("1e3")]
    [InlineData("2M")]
    public void Canonicalize_CanonicalInput_IsUnchanged(string canonical) =>
        Assert.Equal(canonical, Quantity.Canonicalize(canonical));

    [Theory]
    [InlineData("500m", "0.5")]
    [InlineData("1Gi", "1024Mi")]
    [InlineData("1e3", "1k")]
    [InlineData("2", "2.0")]
    [InlineData("0.1n", "1n")]
    [InlineData("1.5Gi", "1536Mi")]
    [InlineData("0", "0Gi")]
    public void Equals_SameValueDifferentSpelling_AreEqual(string left, string right)
    {
        var a = Quantity.Parse(left);
        var b = Quantity.Parse(right);

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Theory]
    [InlineData("500m", "1")]
    [InlineData("1G", "1Gi")]
    [InlineData("-1", "0")]
    [InlineData("999Mi", "1Gi")]
    public void CompareTo_SmallerValue_IsLess(string smaller, string larger)
    {
        Assert.True(Quantity.Parse(smaller) < Quantity.Parse(larger));
        Assert.NotEqual(Quantity.Parse(smaller), Quantity.Parse(larger));
    }

    [Fact]
    public void TryParse_HugeExponent_IsRefusedInsteadOfExpanded() =>
        Assert.False(Quantity.TryParse("1e999999", out _));

    [Fact]
    public void ToString_ParsedValue_IsCanonical() =>
        Assert.Equal("1536Mi", Quantity.Parse("1.5Gi").ToString());
}
