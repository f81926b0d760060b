using System.Security.Claims;
using Fleet.Api.Security;
using Fleet.Api.Validation;

namespace Fleet.Api.Applications;

/// <summary>
/// The rules of <c>destination.controlPlane: true</c> (an app of apps). It writes Fleet's own objects, repositories,
/// clusters and projects included, so only a caller who could write them directly may create one: a token limited to
/// projects could otherwise reach past its projects through Git.
/// </summary>
public static class ControlPlaneDestination
{
    /// <summary>Adds a problem for each field that does not fit a control-plane destination.</summary>
    public static void Validate(RequestValidation validation, DestinationRequest destination, ApplicationRequest request, ClaimsPrincipal user)
    {
        if ((destination.Clusters?.Count ?? 0) > 0 || destination.Selector is not null)
        {
            validation.Add("destination.controlPlane", "writes to Fleet itself: name no clusters and no selector beside it");
        }
        if (destination.CreateNamespace == true || destination.NamespaceMetadata is not null)
        {
            validation.Add("destination.createNamespace", "is for clusters: an app of apps writes Fleet objects, which have no namespace");
        }
        if (request.IgnoreDifferences is { Count: > 0 })
        {
            validation.Add("ignoreDifferences", "is for cluster objects: an app of apps writes Fleet objects");
        }
        if (ProjectAccess.Of(user).IsScoped)
        {
            validation.Add("destination.controlPlane", "writes Fleet's own configuration (repositories, clusters, projects): only a token of the whole fleet may set it");
        }
    }
}
