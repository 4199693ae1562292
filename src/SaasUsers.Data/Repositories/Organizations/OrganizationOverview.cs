namespace SaasUsers.Data;

/// <summary>An organization's account at a glance: the organization, the first page of members, the subscriptions and the latest payments.</summary>
/// <param name="Organization">The organization (its seat and member counters included).</param>
/// <param name="Members">The first members, by user id.</param>
/// <param name="MembersCursor">The cursor of the next page of members (<see cref="IOrganizationRepository.ListMembersAsync"/>), or <see langword="null"/>.</param>
/// <param name="Subscriptions">The organization's subscriptions.</param>
/// <param name="ActiveSubscription">The subscription that gives the organization access now, if any.</param>
/// <param name="LatestPayments">The latest payments, newest first.</param>
/// <param name="HasMorePayments">Whether older payments exist (page them with <see cref="ICheckoutPaymentRepository.ListForAccountAsync"/>).</param>
public sealed record OrganizationOverview(
    Organization Organization,
    IReadOnlyList<OrganizationMember> Members,
    string? MembersCursor,
    IReadOnlyList<Subscription> Subscriptions,
    Subscription? ActiveSubscription,
    IReadOnlyList<CheckoutPayment> LatestPayments,
    bool HasMorePayments);
