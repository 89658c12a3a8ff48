package org.baytrace.config;

import java.nio.file.Path;
import java.util.Objects;
import org.baytrace.ledger.crypto.SigningKey;

/**
 * {@code [capture]}: the organisation this node records EPCIS events as when partners capture
 * them over HTTP ({@code POST /capture}, {@code POST /events}), and that organisation's private
 * key, with which the node signs each captured event's record. {@link NodeConfig} checks that the
 * org is in the registry and the key is one of its registered keys. (Partners on gRPC may instead
 * append records they signed themselves.) Immutable and thread-safe; {@link #toString()} names
 * the key by its id only.
 *
 * @param org {@code [capture] org}: a registered org id, the {@code author_org} of captured records
 * @param keyFile {@code [capture] key_file}: where the key was read (PKCS#8 PEM, owner-only)
 * @param key the key read from {@code keyFile}
 * @param refuseHashIdMismatch {@code [capture] hash_id_mismatch = "refuse"}: an event whose
 *     {@code ni:///sha-256} eventID is not the CBV 2.0 hash id of its content is refused; with
 *     {@code "flag"} (the default) it is stored and flagged in query answers
 */
public record CaptureIdentity(String org, Path keyFile, SigningKey key, boolean refuseHashIdMismatch) {
  public CaptureIdentity {
    Objects.requireNonNull(org, "org");
    Objects.requireNonNull(keyFile, "keyFile");
    Objects.requireNonNull(key, "key");
  }

  /** Capture that flags (does not refuse) mismatched hash ids. */
  public CaptureIdentity(String org, Path keyFile, SigningKey key) {
    this(org, keyFile, key, false);
  }

  @Override
  public String toString() {
    return "CaptureIdentity[org=" + org + ", keyFile=" + keyFile + ", key " + key.keyId() + "]";
  }
}
