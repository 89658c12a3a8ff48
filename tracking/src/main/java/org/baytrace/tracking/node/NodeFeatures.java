package org.baytrace.tracking.node;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.baytrace.config.NodeConfig;
import org.baytrace.ledger.registry.OrgRegistry;
import org.baytrace.ledger.Ledger;
import org.baytrace.tracking.domain.waterbus.WaterBusState;
import org.baytrace.tracking.node.biomaterial.BiomaterialFeature;
import org.baytrace.tracking.node.coldchain.ColdChainFeature;
import org.baytrace.tracking.node.customs.CustomsFeature;
import org.baytrace.tracking.node.epcis.query.EpcisQueries;
import org.baytrace.tracking.node.epcis.subscription.SubscriptionFeature;
import org.baytrace.tracking.node.feature.NodeFeature;
import org.baytrace.tracking.node.multimodal.MultimodalFeature;
import org.baytrace.tracking.node.parcel.ParcelFeature;
import org.baytrace.tracking.node.waterbus.WaterBusFeature;

/**
 * The domain profiles every node runs. Each profile adds one line to {@link #create}; a profile
 * that fails to start stops the node with its message.
 */
final class NodeFeatures {
  private NodeFeatures() {}

  /** What a profile may use to build itself. */
  record Context(NodeConfig config, OrgRegistry registry, Ledger ledger, EpcisQueries queries) {}

  static List<NodeFeature> create(Context context) throws IOException {
    List<NodeFeature> features = new ArrayList<>();
    try {
      // Profiles register here, one line each, e.g. features.add(ColdChainFeature.create(context));
      features.add(ColdChainFeature.create(context.config().coldChainProfiles()));
      features.add(BiomaterialFeature.create(context.registry()));
      features.add(WaterBusFeature.create(context.registry()));
      // Customs reads arrivals from the water bus's committed state.
      features.add(CustomsFeature.create(context.registry(), NodeFeature.firstService(features, WaterBusState.class)
          .orElseThrow(() -> new IllegalStateException("the water-bus feature must be added before customs"))));
      features.add(ParcelFeature.create(context.registry(), context.ledger().origin()));
      features.add(MultimodalFeature.create(context.registry()));
      features.add(SubscriptionFeature.create(context.config(), context.queries()));
      return features;
    } catch (RuntimeException e) {
      features.forEach(NodeFeature::close);
      throw e;
    }
  }
}
