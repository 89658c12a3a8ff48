/**
 * TLS identities and trust for every listener of a node: PEM certificates and keys, certificate
 * fingerprints, the pinning trust manager that admits only configured member certificates, and
 * the issuing of a network's CAs and ECDSA P-256 certificates (BouncyCastle bcpkix), so that no
 * OpenSSL is needed. TLS keys are ECDSA P-256 because Netty and browsers take no Ed25519 TLS
 * keys; records and checkpoints stay signed with Ed25519 ({@code crypto}). All types are
 * immutable or stateless and thread-safe.
 */
package org.baytrace.ledger.tls;
