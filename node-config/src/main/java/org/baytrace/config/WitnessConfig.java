package org.baytrace.config;

import org.baytrace.ledger.registry.InvalidValue;
import java.net.URI;
import java.util.Objects;
import org.baytrace.ledger.witness.CosignatureVerifier;

/**
 * One outside witness this node sends its checkpoints to ({@code [[witnesses]]}, C2SP
 * tlog-witness): its name, its cosignature verifier key ({@code name+keyid+base64(0x04||key)}),
 * and its submission URL prefix ({@code <url>/add-checkpoint} is posted to). The key's name must be
 * the witness name, so that a cosignature line names the witness that wrote it. Immutable.
 */
public record WitnessConfig(String name, CosignatureVerifier key, URI url) {
  public WitnessConfig {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(url, "url");
    if (!key.name().equals(name)) {
      throw new InvalidValue("key", "names witness \"" + key.name() + "\", want \"" + name + "\"");
    }
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
      throw new InvalidValue("url", "got " + Toml.quote(url.toString()) + ", want an http(s) URL prefix");
    }
  }
}
