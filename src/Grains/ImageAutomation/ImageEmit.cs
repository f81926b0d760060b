using Fleet.Grains.Events;
using Fleet.Grains.Interfaces.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Grains.ImageAutomation;

/// <summary>Image automation's emission points: each hands an event to the silo's publisher without waiting.</summary>
internal static class ImageEmit
{
    public static void ScanFailed(Grain grain, string imageRepository, string reason, string message) =>
        Publish(grain, FleetEventKind.ImageScanFailed, $"imagerepository/{imageRepository}", reason, message);

    public static void PolicyChanged(Grain grain, string policy, string? from, string to, string image) =>
        Publish(grain, FleetEventKind.ImagePolicyChanged, $"imagepolicy/{policy}", "LatestTagChanged",
            from is null ? $"Latest accepted tag of {image} is {to}." : $"Latest accepted tag of {image} changed from {from} to {to}.");

    public static void Pushed(Grain grain, string update, string commit, string branch, string message) =>
        Publish(grain, FleetEventKind.ImageUpdatePushed, $"imageupdate/{update}", "Pushed", message, commit);

    public static void UpdateFailed(Grain grain, string update, string reason, string message) =>
        Publish(grain, FleetEventKind.ImageUpdateFailed, $"imageupdate/{update}", reason, message);

    private static void Publish(Grain grain, FleetEventKind kind, string subject, string reason, string message, string? revision = null) =>
        grain.GrainContext.ActivationServices.GetService<FleetEventPublisher>()?.Publish(new FleetEvent
        {
            Kind = kind,
            Subject = subject,
            Reason = reason,
            Message = message,
            Revision = revision,
        });
}
