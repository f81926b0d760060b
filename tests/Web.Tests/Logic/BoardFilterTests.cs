using Fleet.Web.Overview;

namespace Fleet.Web.Tests.Logic;

public sealed class BoardFilterTests
{
    [Fact]
    public void ToQuery_SomeFields_EscapedAndBlanksLeftOut()
    {
        var filter = new BoardFilter { Selector = "env in (eu,us)", Health = " ", Search = "web", Continue = "abc" };

        Assert.Equal("?selector=env%20in%20%28eu%2Cus%29&q=web&continue=abc", filter.ToQuery());
        Assert.True(filter.IsFiltered);
    }

    [Fact]
    public void ToQuery_OnlyPaging_IsNotFiltered()
    {
        var filter = new BoardFilter { Continue = "abc" };

        Assert.False(filter.IsFiltered);
        Assert.Equal("", new BoardFilter().ToQuery());
    }
}
