package org.baytrace.tracking.node.http;

import java.io.IOException;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpEvents;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * Declines protocol upgrades, so that a request carrying {@code Upgrade: h2c} (which
 * {@code java.net.http.HttpClient} sends by default) is served as the plain HTTP/1.1 request it
 * also is, as RFC 9110 §7.8 allows a server to do. Left alone, Grizzly treats such a request as
 * the start of another protocol: it drops the response's {@code Content-Type}, closes the
 * connection afterwards, and never hands a request body to the application. The filter sits
 * right after Grizzly's HTTP codec and clears the upgrade when the codec announces it, before the
 * codec decides how to read the request. Stateless; thread-safe.
 */
public final class DeclineUpgrades extends BaseFilter implements AddOn {
  public static final DeclineUpgrades INSTANCE = new DeclineUpgrades();

  private DeclineUpgrades() {}

  @Override
  public void setup(NetworkListener listener, FilterChainBuilder builder) {
    int codec = builder.indexOfType(org.glassfish.grizzly.http.HttpServerFilter.class);
    if (codec < 0) {
      throw new IllegalStateException("no HTTP codec in the filter chain of listener " + listener.getName());
    }
    builder.add(codec + 1, this);
  }

  @Override
  public NextAction handleEvent(FilterChainContext ctx, FilterChainEvent event) throws IOException {
    if (event.type() == HttpEvents.IncomingHttpUpgradeEvent.TYPE) {
      HttpHeader request = ((HttpEvents.IncomingHttpUpgradeEvent) event).getHttpHeader();
      request.getUpgradeDC().recycle();
      request.setIgnoreContentModifiers(false);
      return ctx.getStopAction();
    }
    return ctx.getInvokeAction();
  }
}
