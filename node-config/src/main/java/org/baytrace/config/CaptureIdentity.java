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
 */
public record CaptureIdentity(String org, Path keyFile, SigningKey key) {
  public CaptureIdentity {
    Objects.requireNonNull(org, "org");
    Objects.requireNonNull(keyFile, "keyFile");
    Objects.requireNonNull(key, "key");
  }

  @Override
  public String toString() {
    return "CaptureIdentity[org=" + org + ", keyFile=" + keyFile + ", key " + key.keyId() + "]";
  }
}
