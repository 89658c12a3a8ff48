package org.baytrace.tracking.node.http;

import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.glassfish.jersey.server.model.ResourceModel;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * Every route an HTTP server of the node serves, read from Jersey's resource model (everything the
 * node serves over HTTP goes through Jersey; the Grizzly handler in front of it adds no route).
 * The one place that enumerates routes: the OpenAPI document is checked against it, and so can be
 * anything else that must hold for every route; and the route one request matched. Pure;
 * thread-safe.
 */
public final class Routes {
  /** The methods a route is listed with; {@code OPTIONS} and {@code HEAD} Jersey answers for every route. */
  static final Set<String> LISTED = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  /**
   * One route: a method and a path template, with template variables as {@code {name}} (their
   * regular expressions left out), starting with {@code /}, and the media types it may answer
   * with (empty: any).
   */
  public record Route(String method, String path, List<String> produces) {}

  /** The route of a request that matched no resource. */
  public static final String UNMATCHED = "unmatched";

  private Routes() {}

  /**
   * The route a request matched, as its resource template ({@code /v1/parcels/{waybill}}), never
   * the raw path; {@link #UNMATCHED} if it matched none. Metrics label requests with it (raw paths
   * carry trace codes and indexes without bound) and logs name failed requests by it (a raw path
   * can carry what must not reach a log, such as a parcel's waybill number).
   */
  public static String matched(UriInfo info) {
    if (!(info instanceof ExtendedUriInfo extended)) {
      return UNMATCHED;
    }
    List<UriTemplate> templates;
    try {
      templates = extended.getMatchedTemplates(); // innermost first
    } catch (RuntimeException e) {
      return UNMATCHED; // no request in scope
    }
    if (templates.isEmpty()) {
      return UNMATCHED;
    }
    StringBuilder route = new StringBuilder();
    for (int i = templates.size() - 1; i >= 0; i--) {
      String t = templates.get(i).getTemplate();
      if (t.isEmpty() || t.equals("/")) {
        continue;
      }
      if (!t.startsWith("/")) {
        route.append('/');
      }
      route.append(t.endsWith("/") ? t.substring(0, t.length() - 1) : t);
    }
    return route.length() == 0 ? "/" : route.toString();
  }

  /** The routes of a Jersey resource model, sorted by path then method. */
  public static List<Route> of(ResourceModel model) {
    Set<Route> out = new TreeSet<>(Comparator.comparing(Route::path).thenComparing(Route::method));
    for (Resource r : model.getRootResources()) {
      walk(r, "", out);
    }
    return new ArrayList<>(out);
  }

  private static void walk(Resource r, String parent, Set<Route> out) {
    String path = join(parent, r.getPath() == null ? "" : r.getPath());
    for (ResourceMethod m : r.getResourceMethods()) {
      if (LISTED.contains(m.getHttpMethod()) && !isJerseyDefault(m)) {
        out.add(new Route(m.getHttpMethod(), path,
            m.getProducedTypes().stream().map(Object::toString).toList()));
      }
    }
    for (Resource child : r.getChildResources()) {
      walk(child, path, out);
    }
  }

  /** Jersey's own OPTIONS answer (added to every resource) is not a route a resource declares. */
  private static boolean isJerseyDefault(ResourceMethod m) {
    return m.getInvocable().getHandler().getHandlerClass().getName().startsWith("org.glassfish.jersey");
  }

  /** Joins path parts with single slashes and strips template regular expressions. */
  static String join(String parent, String child) {
    String p = (parent + "/" + child).replaceAll("/+", "/");
    p = normalise(p);
    if (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.startsWith("/") ? p : "/" + p;
  }

  /** {@code {name: regex}} → {@code {name}}, keeping braces inside the regex balanced. */
  static String normalise(String template) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '{') {
        sb.append(c);
        i++;
        continue;
      }
      int depth = 0;
      int j = i;
      for (; j < template.length(); j++) {
        if (template.charAt(j) == '{') {
          depth++;
        } else if (template.charAt(j) == '}' && --depth == 0) {
          break;
        }
      }
      String inner = template.substring(i + 1, Math.min(j, template.length()));
      int colon = inner.indexOf(':');
      sb.append('{').append((colon < 0 ? inner : inner.substring(0, colon)).strip()).append('}');
      i = j + 1;
    }
    return sb.toString();
  }
}
