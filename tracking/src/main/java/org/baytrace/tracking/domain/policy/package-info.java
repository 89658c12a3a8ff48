/**
 * Who may write what (DESIGN §8): the author policy of a node, built from the organisation
 * registry and its policy table ({@code [[policy]]} or the built-in default, in node-config) by
 * {@link org.baytrace.tracking.domain.policy.AuthorPolicies#forRegistry}. The key rules come first
 * (registered keys, the first signature by the author org, key validity at the event time); then
 * the first policy rule whose kinds and roles match the record decides, with its subject
 * constraint ({@code own_gs1_prefix} checks GS1 keys with {@link org.baytrace.tracking.gs1}) and
 * co-signer rule. Refusals are {@code NOT_AUTHORISED} (gRPC PERMISSION_DENIED) naming the rule.
 *
 * <p>Everything is precomputed when the policy is built; checking a record reads only the record
 * and immutable tables, no clock. All types are immutable and thread-safe: the ledger calls the
 * policy from every verify thread at once.
 */
package org.baytrace.tracking.domain.policy;
