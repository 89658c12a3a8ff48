package org.baytrace.tracking.node.epcis.subscription;

import java.nio.file.Path;
import java.util.List;
import org.baytrace.config.NodeConfig;
import org.baytrace.tracking.node.epcis.query.EpcisQueries;
import org.baytrace.tracking.node.feature.NodeFeature;
import org.glassfish.hk2.utilities.binding.AbstractBinder;

/**
 * EPCIS query subscriptions on a node: the webhook routes under {@code
 * /queries/{queryName}/subscriptions}, WebSocket subscriptions on {@code
 * /queries/{queryName}/events}, and the engine that delivers both ({@link Subscriptions}), with
 * webhook subscriptions kept in {@value #FILE_NAME} in the data directory. Thread-safe.
 */
public final class SubscriptionFeature implements NodeFeature {
  public static final String FILE_NAME = "epcis-subscriptions.json";

  private final Subscriptions subscriptions;

  private SubscriptionFeature(Subscriptions subscriptions) {
    this.subscriptions = subscriptions;
  }

  /** Loads the node's subscriptions and starts delivering matches of its queries. */
  public static SubscriptionFeature create(NodeConfig config, EpcisQueries queries) {
    Path file = config.dataDir().resolve(FILE_NAME);
    return new SubscriptionFeature(new Subscriptions(queries, config.subscriptions(), file));
  }

  @Override
  public List<Object> httpComponents() {
    Subscriptions self = subscriptions;
    AbstractBinder binder = new AbstractBinder() {
      @Override
      protected void configure() {
        bind(self).to(Subscriptions.class);
      }
    };
    return List.of(binder, SubscriptionsResource.class, new EventSocketRoute(subscriptions));
  }

  @Override
  public void close() {
    subscriptions.close();
  }
}
