package org.baytrace.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.baytrace.ledger.registry.InvalidValue;
import org.baytrace.ledger.registry.OrgRegistry;

/**
 * Where EPCIS query subscriptions may deliver ({@code [subscriptions]}): each organisation's
 * allowed webhook destinations, as URL prefixes ({@code [[subscriptions.destinations]]}, {@code
 * org} and {@code prefixes}); an org without an entry may subscribe over WebSocket only. A
 * destination is {@code https} unless {@code allow_http} is set, and its host must resolve to
 * public addresses only (no loopback, private, link-local, unique-local or multicast address)
 * unless {@code allow_private_addresses} is set. Immutable.
 *
 * @param allowHttp {@code allow_http}: plain {@code http://} destinations are allowed too
 * @param allowPrivateAddresses {@code allow_private_addresses}: destinations may resolve to
 *     loopback and private addresses (a test bed, or a receiver inside the operator's network)
 * @param destinations org id → the URL prefixes its subscriptions may deliver to
 */
public record SubscriptionSettings(boolean allowHttp, boolean allowPrivateAddresses, Map<String, List<URI>> destinations) {
  /** No webhook destination for anyone; https only; public addresses only. */
  public static final SubscriptionSettings NONE = new SubscriptionSettings(false, false, Map.of());

  public SubscriptionSettings {
    Map<String, List<URI>> copy = new TreeMap<>();
    Objects.requireNonNull(destinations, "destinations").forEach((org, prefixes) -> {
      for (URI p : prefixes) {
        checkPrefix(p, allowHttp, "subscriptions.destinations (org " + Toml.quote(org) + ")");
      }
      copy.merge(org, List.copyOf(prefixes), (a, b) -> {
        List<URI> both = new ArrayList<>(a);
        both.addAll(b);
        return List.copyOf(both);
      });
    });
    destinations = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * A destination prefix as the config spells it: an absolute http(s) URL with a host, no user
   * info, query or fragment.
   *
   * @throws InvalidValue naming {@code key}
   */
  public static URI prefix(String raw, boolean allowHttp, String key) {
    URI uri;
    try {
      uri = new URI(raw);
    } catch (URISyntaxException e) {
      throw new InvalidValue(key, "got " + Toml.quote(raw) + ", want an https URL prefix: " + e.getReason());
    }
    checkPrefix(uri, allowHttp, key);
    return uri;
  }

  private static void checkPrefix(URI p, boolean allowHttp, String key) {
    String scheme = p.getScheme() == null ? "" : p.getScheme().toLowerCase(Locale.ROOT);
    boolean schemeOk = scheme.equals("https") || (allowHttp && scheme.equals("http"));
    if (!schemeOk || p.getHost() == null || p.getRawUserInfo() != null || p.getRawQuery() != null
        || p.getRawFragment() != null) {
      throw new InvalidValue(key, "got " + Toml.quote(String.valueOf(p)) + ", want an "
          + (allowHttp ? "http(s)" : "https") + " URL prefix with a host and no user, query or fragment, e.g. "
          + "\"https://hooks.example.com/epcis/\"" + (scheme.equals("http") ? " (http needs allow_http = true)" : ""));
    }
  }

  /** The prefixes {@code org} may deliver to (empty: none). */
  public List<URI> destinationsOf(String org) {
    return destinations.getOrDefault(org, List.of());
  }

  /** The first of {@code org}'s prefixes that {@code dest} is under, if any (same scheme, host and port; path under the prefix's). */
  public Optional<URI> allowedPrefix(String org, URI dest) {
    for (URI p : destinationsOf(org)) {
      if (under(dest, p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * True if {@code dest} is under {@code prefix}: same scheme and host (case-insensitive), same
   * effective port, and a path that equals the prefix's or continues it after a {@code /}, so
   * that {@code https://a.example/hook} does not admit {@code https://a.example/hooker} and
   * {@code https://a.example} does not admit {@code https://a.example.evil.test}.
   */
  static boolean under(URI dest, URI prefix) {
    if (dest.getScheme() == null || dest.getHost() == null || dest.getRawUserInfo() != null) {
      return false;
    }
    if (!dest.getScheme().equalsIgnoreCase(prefix.getScheme()) || !dest.getHost().equalsIgnoreCase(prefix.getHost())
        || port(dest) != port(prefix)) {
      return false;
    }
    String want = prefix.getRawPath() == null || prefix.getRawPath().isEmpty() ? "/" : prefix.getRawPath();
    String got = dest.getRawPath() == null || dest.getRawPath().isEmpty() ? "/" : dest.getRawPath();
    if (got.contains("/../") || got.endsWith("/..") || got.contains("/./")) {
      return false;
    }
    return got.equals(want) || got.startsWith(want.endsWith("/") ? want : want + "/");
  }

  private static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }

  /** Every org named is in the registry (or the node's own org when it lists none). */
  void check(OrgRegistry registry, String localOrg) {
    for (String org : destinations.keySet()) {
      boolean known = registry.isEmpty() ? org.equals(localOrg) : registry.org(org).isPresent();
      if (!known) {
        throw new InvalidValue("subscriptions.destinations", "org: got " + Toml.quote(org) + ", want the id of an org in [[orgs]] "
            + (registry.isEmpty() ? "(with no [[orgs]]: \"" + localOrg + "\", the node's own org)"
                : registry.orgs().stream().map(OrgRegistry.Org::id).toList()));
      }
    }
  }

  /** These settings with {@code org} allowed to deliver under {@code prefixes} as well. */
  public SubscriptionSettings withDestinations(String org, List<URI> prefixes) {
    Map<String, List<URI>> more = new TreeMap<>(destinations);
    List<URI> all = new ArrayList<>(destinationsOf(org));
    all.addAll(prefixes);
    more.put(org, all);
    return new SubscriptionSettings(allowHttp, allowPrivateAddresses, more);
  }
}
