using System.Text.Json.Nodes;

namespace Fleet.Simulator.FieldManagement;

/// <summary>A field an apply would change that another manager owns.</summary>
/// <param name="Manager">The other manager's name.</param>
/// <param name="Operation"><c>Apply</c> or <c>Update</c>.</param>
/// <param name="ApiVersion">The apiVersion of the other manager's entry.</param>
/// <param name="Subresource">The subresource the other manager wrote through, if any.</param>
/// <param name="Path">The field, as in <c>.spec.template.spec.containers[name="nginx"].image</c>.</param>
public sealed record FieldConflict(string Manager, string Operation, string? ApiVersion, string? Subresource, string Path)
{
    /// <summary>
    /// The manager as conflict messages print it: <c>"name"</c> for appliers, <c>"name" using apps/v1</c> for
    /// updaters, with <c> with subresource "status"</c> after the name when there is one.
    /// </summary>
    public string ManagerDescription
    {
        get
        {
            var text = Quote(Manager);
            if (!string.IsNullOrEmpty(Subresource))
            {
                text += $" with subresource {Quote(Subresource)}";
            }

            return Operation == "Update" ? $"{text} using {ApiVersion}" : text;
        }
    }

    /// <summary>The manager's identity as the API server sorts conflicts by it.</summary>
    internal string ManagerIdentity => ManagedFieldsEntry.IdentityOf(Manager, Operation, ApiVersion, Subresource);

    private static string Quote(string text) => JsonValue.Create(text).ToJsonString();
}
