package org.baytrace.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How a node is operated: where its admin routes listen, how often the background scrub verifies
 * the whole store, and how it logs.
 *
 * @param adminListen {@code [admin] listen}: metrics, health and readiness; loopback only
 * @param scrubEvery {@code [storage] scrub_every_hours}: a full verification in the background this often; zero: never
 * @param jsonLogs {@code [log] format = "json"}: one JSON object per log line instead of text
 */
public record OpsSettings(HostPort adminListen, Duration scrubEvery, boolean jsonLogs) {
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
    if (!isLoopback(adminListen.host())) {
      throw new InvalidValue("admin.listen", "got \"" + adminListen + "\", want a loopback address such as 127.0.0.1:"
          + DEFAULT_ADMIN_LISTEN.port() + ": metrics and health have no authentication of their own");
    }
  }

  public OpsSettings withAdminListen(HostPort listen) {
    return new OpsSettings(listen, scrubEvery, jsonLogs);
  }

  public OpsSettings withJsonLogs(boolean json) {
    return new OpsSettings(adminListen, scrubEvery, json);
  }

  static boolean isLoopback(String host) {
    return host.equals("localhost") || host.equals("::1") || host.equals("[::1]") || host.startsWith("127.");
  }
}
