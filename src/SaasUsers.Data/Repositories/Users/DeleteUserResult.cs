namespace SaasUsers.Data;

/// <summary>What deleting a user removed.</summary>
/// <param name="UserFound">Whether the user existed.</param>
/// <param name="ItemsDeleted">How many items were deleted: the user's item collection and its lookup items.</param>
public sealed record DeleteUserResult(bool UserFound, int ItemsDeleted);
