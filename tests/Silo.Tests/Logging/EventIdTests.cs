using System.Reflection;
using Fleet.Api;
using Fleet.Grains.Reconciling;
using Fleet.Reconciler.Executing;
using Microsoft.Extensions.Logging;

namespace Fleet.Silo.Tests.Logging;

/// <summary>Every log message of the control plane has its own EventId, so that a log query by id finds one kind of line.</summary>
public sealed class EventIdTests
{
    [Fact]
    public void LoggerMessages_AcrossTheControlPlane_HaveUniqueEventIds()
    {
        Assembly[] assemblies = [typeof(ApplicationInstanceGrain).Assembly, typeof(InstanceExecutor).Assembly, typeof(FleetApiExtensions).Assembly, typeof(Program).Assembly];
        var messages = assemblies
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.Name}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToList();

        var duplicates = messages.GroupBy(m => m.Attribute!.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}");

        Assert.NotEmpty(messages);
        Assert.Empty(duplicates);
    }
}
