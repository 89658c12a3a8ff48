package org.baytrace.config;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A host name or IP address with a TCP port, written {@code host:port} or {@code [ipv6]:port}.
 * Port 0 means "any free port" and only makes sense for a listen address. Immutable.
 */
public record HostPort(String host, int port) {
  private static final Pattern HOSTNAME = Pattern.compile(
      "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");
  static final String WANT = "host:port, e.g. \"127.0.0.1:50051\" or \"[::1]:50051\"";

  public HostPort {
    Objects.requireNonNull(host, "host");
    if (!validHost(host)) {
      throw new IllegalArgumentException("host: got \"" + host + "\", want a host name, an IPv4 address or an IPv6 address");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: got " + port + ", want 0..65535");
    }
  }

  /**
   * Parses {@code host:port} or {@code [ipv6]:port}.
   *
   * @throws IllegalArgumentException {@code got "...", want host:port...}
   */
  public static HostPort parse(String s) {
    if (s == null) {
      throw new IllegalArgumentException("got nothing, want " + WANT);
    }
    String host;
    String port;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
        throw bad(s);
      }
      host = s.substring(1, close);
      port = s.substring(close + 2);
      if (!host.contains(":")) {
        throw bad(s);
      }
    } else {
      int colon = s.lastIndexOf(':');
      if (colon < 0) {
        throw bad(s);
      }
      host = s.substring(0, colon);
      port = s.substring(colon + 1);
      if (host.contains(":")) {
        throw new IllegalArgumentException(got(s) + ", want [ipv6]:port for an IPv6 address, e.g. \"[::1]:50051\"");
      }
    }
    if (!validHost(host)) {
      throw bad(s);
    }
    if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')
        || Integer.parseInt(port) > 65535) {
      throw new IllegalArgumentException(got(s) + ", want host:port with a port from 0 to 65535");
    }
    return new HostPort(host, Integer.parseInt(port));
  }

  private static IllegalArgumentException bad(String s) {
    return new IllegalArgumentException(got(s) + ", want " + WANT);
  }

  private static String got(String s) {
    return "got " + Toml.quote(s);
  }

  private static boolean validHost(String host) {
    if (host.contains(":")) {
      return IPV6.matcher(host).matches();
    }
    return host.length() <= 253 && HOSTNAME.matcher(host).matches();
  }

  /** The socket address, resolving a host name now. */
  public InetSocketAddress toSocketAddress() {
    return new InetSocketAddress(host, port);
  }

  /** {@code host:port}, with brackets around an IPv6 address. */
  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
