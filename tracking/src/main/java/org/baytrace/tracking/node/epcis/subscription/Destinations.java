package org.baytrace.tracking.node.epcis.subscription;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import org.baytrace.config.SubscriptionSettings;
import org.baytrace.tracking.domain.common.Quoted;

/**
 * Which webhook destinations an organisation may use ({@code [subscriptions]}): an {@code https}
 * URL (or {@code http} with {@code allow_http}) under one of the org's configured prefixes, whose
 * host resolves only to public addresses unless {@code allow_private_addresses} is set. The
 * address check runs when a subscription is created and again before every delivery, so a name
 * that later resolves to a loopback or private address (DNS rebinding) gets nothing; the JDK's
 * address cache then holds the checked answer for the connection that follows. Immutable;
 * thread-safe.
 */
final class Destinations {
  /** Why a destination is refused: {@code status} 400 (malformed) or 403 (not allowed). */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  /** How host names are resolved; a seam so that tests can make a name resolve anywhere. */
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final SubscriptionSettings settings;
  private final Resolver resolver;

  Destinations(SubscriptionSettings settings) {
    this(settings, InetAddress::getAllByName);
  }

  Destinations(SubscriptionSettings settings, Resolver resolver) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /** Parses {@code dest} and checks it is one {@code org} may deliver to, resolving its host. */
  URI check(String org, String dest) throws Refused {
    URI uri;
    try {
      uri = new URI(dest);
    } catch (URISyntaxException e) {
      throw new Refused(400, "dest: got " + Quoted.of(dest) + ", want an absolute https URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      throw new Refused(400, "dest: got " + Quoted.of(dest) + ", want an absolute URL with a host and no user info or "
          + "fragment, e.g. \"https://hooks.example.com/epcis/callback\"");
    }
    if (!scheme.equals("https") && !(scheme.equals("http") && settings.allowHttp())) {
      throw new Refused(scheme.equals("http") ? 403 : 400, "dest: got scheme " + Quoted.of(scheme) + ", want https"
          + (scheme.equals("http") ? " (this node sends webhooks over plain http only with [subscriptions] allow_http = true)"
              : " (WebSocket subscriptions use GET /queries/{queryName}/events with Upgrade: websocket)"));
    }
    if (settings.allowedPrefix(org, uri).isEmpty()) {
      throw new Refused(403, "dest: " + Quoted.of(dest) + " is not under a destination your organisation " + Quoted.of(org)
          + " may use; want a URL under " + (settings.destinationsOf(org).isEmpty()
              ? "one of its [[subscriptions.destinations]] prefixes (none are configured for it)"
              : settings.destinationsOf(org).stream().map(URI::toString).toList()));
    }
    checkAddresses(uri);
    return uri;
  }

  /**
   * Resolves the destination's host and refuses it if any address is loopback, private,
   * link-local, unique-local, multicast or unspecified (unless private addresses are allowed).
   */
  void checkAddresses(URI uri) throws Refused {
    if (settings.allowPrivateAddresses()) {
      return;
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw new Refused(400, "dest: host " + Quoted.of(host) + " does not resolve");
    }
    for (InetAddress a : addresses) {
      if (!isPublic(a)) {
        throw new Refused(403, "dest: host " + Quoted.of(host) + " resolves to " + a.getHostAddress() + ", a loopback, "
            + "private or link-local address; webhooks go to public addresses only unless [subscriptions] "
            + "allow_private_addresses = true");
      }
    }
  }

  /** True for an address on the public internet. */
  static boolean isPublic(InetAddress a) {
    if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return false;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int b0 = b[0] & 0xff;
      int b1 = b[1] & 0xff;
      return b0 != 0 && !(b0 == 100 && b1 >= 64 && b1 < 128) // carrier-grade NAT 100.64/10
          && !(b0 == 192 && b1 == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments 192.0.0/24
          && !(b0 == 198 && (b1 == 18 || b1 == 19)) // benchmarking 198.18/15
          && b0 < 240; // reserved and broadcast
    }
    if (a instanceof Inet6Address) {
      int b0 = b[0] & 0xff;
      if ((b0 & 0xfe) == 0xfc) { // unique local fc00::/7
        return false;
      }
      boolean mapped = true; // ::ffff:a.b.c.d, judged as the IPv4 address it carries
      for (int i = 0; i < 10; i++) {
        mapped &= b[i] == 0;
      }
      if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
        try {
          return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
          return false;
        }
      }
    }
    return true;
  }
}
