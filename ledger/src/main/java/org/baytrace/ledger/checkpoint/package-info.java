/**
 * Checkpoints as C2SP signed notes (DESIGN §3.3): the checkpoint body, note signing and
 * verifier keys in the standard {@code name+hash+key} form, parsing that ignores unknown signers,
 * and k-of-n verification. Immutable; thread-safe.
 */
package org.baytrace.ledger.checkpoint;
