package org.baytrace.tracking.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.baytrace.tracking.domain.archfixture.ImportsTheNode;
import org.baytrace.tracking.domain.archfixture.cycle.a.A;
import org.baytrace.tracking.domain.archfixture.cycle.b.B;
import org.baytrace.tracking.domain.coldchain.archfixture.ImportsCustoms;
import org.baytrace.tracking.domain.customs.archfixture.CustomsThing;
import org.baytrace.tracking.node.archfixture.NodeThing;
import org.junit.jupiter.api.Test;

/**
 * The architecture rules are not vacuous: run on small test-only packages that break them (a
 * domain class using the node, a profile using another, two packages using each other), each
 * reports the break, and it reports nothing on the same packages without it.
 */
class ArchitectureRulesCatchViolationsTest {

  @Test
  void domainUsingTheNode_breaksTheLayersAndTheTransportRule() {
    JavaClasses wrong = new ClassFileImporter().importClasses(ImportsTheNode.class, NodeThing.class);
    assertViolated(TrackingArchitectureTest.nodeSitsAboveTheDomain, wrong, "ImportsTheNode");
    assertViolated(TrackingArchitectureTest.domain_importsNoTransport, wrong, "ImportsTheNode");
    // Both layers present (an empty layer is itself a violation), neither using the other wrongly.
    JavaClasses right = new ClassFileImporter().importClasses(NodeThing.class, CustomsThing.class);
    assertFalse(TrackingArchitectureTest.nodeSitsAboveTheDomain.evaluate(right).hasViolation());
    assertFalse(TrackingArchitectureTest.domain_importsNoTransport.evaluate(right).hasViolation());
  }

  @Test
  void profileUsingAnotherProfile_isReported() {
    JavaClasses wrong = new ClassFileImporter().importClasses(ImportsCustoms.class, CustomsThing.class);
    assertViolated(TrackingArchitectureTest.coldChain_importsNoOtherProfile, wrong, "ImportsCustoms");
    assertFalse(TrackingArchitectureTest.customs_readsOnlyTheWaterBus.evaluate(wrong).hasViolation());
  }

  @Test
  void packageCycle_isReported() {
    JavaClasses cycle = new ClassFileImporter().importClasses(A.class, B.class);
    assertViolated(TrackingArchitectureTest.packages_areFreeOfCycles, cycle, "cycle");
    assertFalse(TrackingArchitectureTest.packages_areFreeOfCycles.evaluate(new ClassFileImporter().importClasses(A.class))
        .hasViolation());
  }

  private static void assertViolated(ArchRule rule, JavaClasses classes, String mentioned) {
    EvaluationResult result = rule.evaluate(classes);
    assertTrue(result.hasViolation(), rule.getDescription());
    String report = result.getFailureReport().toString();
    assertTrue(report.contains(mentioned), report);
  }
}
