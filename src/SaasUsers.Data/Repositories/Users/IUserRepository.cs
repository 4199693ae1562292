namespace SaasUsers.Data;

/// <summary>Users: sign-up with a unique e-mail, lookups, profile changes, deletion, and the admin listing.</summary>
public interface IUserRepository
{
    /// <summary>Signs a user up (one transaction: the user and the e-mail's sentinel item).</summary>
    /// <param name="newUser">The sign-up.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user as stored (version 1).</returns>
    /// <exception cref="DuplicateEmailException">Another user has the e-mail address (in any letter case).</exception>
    /// <exception cref="ItemAlreadyExistsException">A user with the given id exists.</exception>
    Task<User> CreateAsync(NewUser newUser, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds a sign-up to a transaction the caller sends (with items of its own that must be written with the user,
    /// for example sign-in data): the user and the e-mail's sentinel item, each created only if absent. Validates
    /// the input at once and sends nothing. If the transaction fails with
    /// <see cref="TransactionFailureReason.ItemAlreadyExists"/> on <c>EmailLookup.CreateKey(user.NormalizedEmail)</c>,
    /// the e-mail address is taken; on <c>User.CreateKey(user.UserId)</c>, the id is.
    /// </summary>
    /// <param name="transaction">The caller's transaction; two actions are added.</param>
    /// <param name="newUser">The sign-up.</param>
    /// <returns>The user as it will be stored once the transaction succeeds (version 1).</returns>
    User AddCreate(TransactionBuilder transaction, NewUser newUser);

    /// <summary>Reads a user by id (one <c>GetItem</c>).</summary>
    Task<User?> GetAsync(string userId, bool consistentRead = false, CancellationToken cancellationToken = default);

    /// <summary>Finds a user by e-mail, ignoring case (one <c>Query</c> of GSI1; eventually consistent).</summary>
    Task<User?> FindByEmailAsync(string email, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves the profile fields of <paramref name="user"/> (display name, metadata, status) if the stored user is
    /// still at <c>user.Version</c> (one <c>UpdateItem</c>). E-mail and payment customer have their own methods.
    /// </summary>
    /// <returns>The user as stored, with the next version.</returns>
    /// <exception cref="VersionConflictException">Another writer changed the user first: read it again and retry.</exception>
    /// <exception cref="ItemNotFoundException">The user does not exist.</exception>
    Task<User> UpdateProfileAsync(User user, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes a user's e-mail address, keeping addresses unique (one transaction: the user, the old address's
    /// sentinel removed, the new one claimed). Expects the stored user to be at <c>user.Version</c>.
    /// </summary>
    /// <exception cref="DuplicateEmailException">Another user has the new address.</exception>
    /// <exception cref="VersionConflictException">Another writer changed the user first.</exception>
    Task<User> ChangeEmailAsync(User user, string newEmail, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds an e-mail change to a transaction the caller sends: the user updated if still at <c>user.Version</c>,
    /// and, unless only the letter case changed, the old address's sentinel removed and the new one claimed.
    /// Validates the input at once and sends nothing. A failure with
    /// <see cref="TransactionFailureReason.ItemAlreadyExists"/> on <c>EmailLookup.CreateKey(</c>the returned
    /// user's <c>NormalizedEmail)</c> means the new address is taken.
    /// </summary>
    /// <param name="transaction">The caller's transaction; one or three actions are added.</param>
    /// <param name="user">The user as read.</param>
    /// <param name="newEmail">The new e-mail address.</param>
    /// <returns>The user as it will be stored once the transaction succeeds.</returns>
    User AddChangeEmail(TransactionBuilder transaction, User user, string newEmail);

    /// <summary>Links the user to a payment provider's customer (one <c>UpdateItem</c>).</summary>
    /// <exception cref="ItemNotFoundException">The user does not exist.</exception>
    Task<User> LinkPaymentCustomerAsync(string userId, string paymentProvider, string providerCustomerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds linking the user to a payment provider's customer to a transaction the caller sends (a webhook's
    /// idempotency record with it, say): the user's item updated if it exists and is not being deleted. Validates the
    /// input at once and sends nothing. A failure on <c>User.CreateKey(userId)</c>
    /// (<see cref="TransactionFailureReason.ItemNotFound"/> or <see cref="TransactionFailureReason.ConditionFailed"/>)
    /// means there is no such user.
    /// </summary>
    /// <param name="transaction">The caller's transaction; one action is added.</param>
    /// <param name="userId">The user.</param>
    /// <param name="paymentProvider">The payment provider, lower case (for example <c>stripe</c>).</param>
    /// <param name="providerCustomerId">The provider's customer id.</param>
    void AddLinkPaymentCustomer(TransactionBuilder transaction, string userId, string paymentProvider, string providerCustomerId);

    /// <summary>
    /// Deletes a user and everything the user owns: the item collection (subscriptions, payments, the
    /// application's own items under the user) and the items outside it that declare an owner in it
    /// (<see cref="DynamoOwnedByAttribute"/>: the e-mail sentinel, checkout records, an application's lookups and
    /// memberships), which frees the e-mail address. One query a page of the collection, then batches of 25 deletes.
    /// </summary>
    Task<DeleteUserResult> DeleteAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Lists users by sign-up date, newest first, one page (one <c>Query</c> of GSI3) at a time.</summary>
    /// <exception cref="InvalidCursorException">The cursor was tampered with, belongs to another listing, or expired.</exception>
    Task<QueryPage<User>> ListBySignUpDateAsync(SignUpListQuery query, CancellationToken cancellationToken = default);
}
