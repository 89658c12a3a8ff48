/**
 * Hashes and Ed25519 keys: {@link org.baytrace.ledger.crypto.Hash32}, SHA-256,
 * {@link org.baytrace.ledger.crypto.PublicKey} / {@link org.baytrace.ledger.crypto.SigningKey}
 * on BouncyCastle (about ten times the JDK provider's verify rate), and PEM key files.
 * All types are immutable and thread-safe.
 */
package org.baytrace.ledger.crypto;
