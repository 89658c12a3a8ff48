/**
 * EPCIS 2.0 query subscriptions ({@code /queries/{queryName}/subscriptions} webhooks and
 * WebSocket subscriptions on {@code /queries/{queryName}/events}): {@link
 * org.baytrace.tracking.node.epcis.subscription.SubscriptionFeature} wires them into a node;
 * {@code Subscriptions} keeps them and delivers the matches of each one's named query as new
 * events are projected or on its schedule; {@code Destinations} decides where an organisation's
 * webhooks may go ({@code [subscriptions]}); {@code Schedule} is the EPCIS query schedule.
 *
 * <p>Thread-safety: {@code Subscriptions} and the resources are thread-safe.
 */
package org.baytrace.tracking.node.epcis.subscription;
