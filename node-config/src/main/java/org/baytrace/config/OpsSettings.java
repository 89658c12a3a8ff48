package org.baytrace.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.baytrace.ledger.registry.InvalidValue;

/**
 * How a node is operated: where its admin routes listen, how often the background scrub verifies
 * the whole store, and how it logs.
 *
 * @param adminListen {@code [admin] listen}: metrics, health, readiness and backup; a loopback
 *     address, or any address with {@code adminTls} requiring client certificates
 * @param scrubEvery {@code [storage] scrub_every_hours}: a full verification in the background this often; zero: never
 * @param jsonLogs {@code [log] format = "json"}: one JSON object per log line instead of text
 * @param adminTls {@code [admin.tls]}: HTTPS on the admin listener, with the client certificates
 *     of {@code client_ca_file}; required (with {@code client_auth = "require"}) beyond loopback
 */
public record OpsSettings(HostPort adminListen, Duration scrubEvery, boolean jsonLogs, Optional<ServerTls> adminTls) {
  public static final HostPort DEFAULT_ADMIN_LISTEN = new HostPort("127.0.0.1", 9464);
  public static final Duration DEFAULT_SCRUB_EVERY = Duration.ofHours(24);
  public static final OpsSettings DEFAULT = new OpsSettings(DEFAULT_ADMIN_LISTEN, DEFAULT_SCRUB_EVERY, false);
  /** The admin route {@code baytrace backup} posts to ({@code ?out=/abs/dir}: where the node writes the backup). */
  public static final String BACKUP_ROUTE = "/admin/backup";
  /**
   * The file in the data directory where the node writes, at each start, the bearer token its
   * admin actions (backup) take; owner-only, so whoever may read the data may back it up.
   */
  public static final String ADMIN_TOKEN_FILE = "admin.token";

  static final NodeConfig.IntRange SCRUB_EVERY_HOURS = new NodeConfig.IntRange("storage.scrub_every_hours", 0, 24 * 365);

  public OpsSettings {
    Objects.requireNonNull(adminListen, "adminListen");
    Objects.requireNonNull(scrubEvery, "scrubEvery");
    adminTls = adminTls == null ? Optional.empty() : adminTls;
    boolean clientsProve = adminTls.isPresent() && adminTls.get().clientAuth() == ServerTls.ClientAuth.REQUIRE;
    if (!isLoopback(adminListen.host()) && !clientsProve) {
      throw new InvalidValue("admin.listen", "got \"" + adminListen + "\", not a loopback address, "
          + (adminTls.isEmpty() ? "without [admin.tls]" : "with [admin.tls] client_auth = \"" + adminTls.get().clientAuth().tomlName()
          + "\"") + "; want a loopback address such as 127.0.0.1:" + DEFAULT_ADMIN_LISTEN.port() + ", or [admin.tls] with"
          + " client_ca_file and client_auth = \"require\": beyond loopback every admin client proves who it is");
    }
  }

  /** Settings without {@code [admin.tls]}. */
  public OpsSettings(HostPort adminListen, Duration scrubEvery, boolean jsonLogs) {
    this(adminListen, scrubEvery, jsonLogs, Optional.empty());
  }

  public OpsSettings withAdminListen(HostPort listen) {
    return new OpsSettings(listen, scrubEvery, jsonLogs, adminTls);
  }

  /** These settings with another admin listener and its TLS, checked together. */
  public OpsSettings withAdmin(HostPort listen, Optional<ServerTls> tls) {
    return new OpsSettings(listen, scrubEvery, jsonLogs, tls);
  }

  public OpsSettings withJsonLogs(boolean json) {
    return new OpsSettings(adminListen, scrubEvery, json, adminTls);
  }

  static boolean isLoopback(String host) {
    return host.equals("localhost") || host.equals("::1") || host.equals("[::1]") || host.startsWith("127.");
  }
}
