package org.baytrace.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A configuration that cannot be used. The message names the file (when there is one), the key
 * (as a dotted path such as {@code grpc.listen} or {@code orgs[1].keys[0].not_after}, with
 * array indexes counted from 0 in file order) and the problem, as {@code file: key: problem}.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String key;
  private final String problem;

  public ConfigException(Path file, String key, String problem) {
    this(file, key, problem, null);
  }

  public ConfigException(Path file, String key, String problem, Throwable cause) {
    super(format(file, key, problem), cause);
    this.file = file;
    this.key = key;
    this.problem = problem;
  }

  private static String format(Path file, String key, String problem) {
    StringBuilder sb = new StringBuilder();
    if (file != null) {
      sb.append(file).append(": ");
    }
    if (key != null) {
      sb.append(key).append(": ");
    }
    return sb.append(problem).toString();
  }

  /** The configuration file, as the caller named it; empty for settings made without a file. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** The key path, for example {@code limits.max_record_bytes}; empty for whole-file problems. */
  public Optional<String> key() {
    return Optional.ofNullable(key);
  }

  /** The problem without the file and key. */
  public String problem() {
    return problem;
  }
}
