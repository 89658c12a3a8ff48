package org.baytrace.tracking.node.resolver;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.ws.rs.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The resolver's root template takes any single segment that may be a compressed Digital Link, and
 * Jersey prefers it to resources at {@code @Path("")}: so it must leave their routes alone.
 */
class ResolverRoutesTest {
  /** The template's regex as Jersey matches it: the segment, then the rest of the path. */
  static Pattern resolverRoot() {
    String template = ResolverResource.class.getAnnotation(Path.class).value();
    String regex = template.substring("{key: ".length(), template.length() - 1);
    return Pattern.compile("/(" + regex + ")(/.*)?");
  }

  @Test
  void routesOfEmptyPathResources_areNotTakenByTheResolver() {
    List<String> firstSegments = new ArrayList<>();
    for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.baytrace.tracking.node")) {
      if (!c.isAnnotatedWith(Path.class)) {
        continue;
      }
      String root = c.getAnnotationOfType(Path.class).value().replaceAll("^/|/$", "");
      if (!root.isEmpty()) {
        continue;
      }
      for (JavaMethod m : c.getMethods()) {
        if (m.isAnnotatedWith(Path.class)) {
          String first = m.getAnnotationOfType(Path.class).value().replaceAll("^/", "").split("/")[0];
          if (!first.isEmpty() && !first.startsWith("{")) {
            firstSegments.add(first);
          }
        }
      }
    }
    assertTrue(firstSegments.contains("checkpoint") && firstSegments.contains("dispositions"), firstSegments.toString());
    Pattern resolver = resolverRoot();
    for (String s : firstSegments) {
      assertFalse(resolver.matcher("/" + s).matches(), "/" + s + " would reach the resolver");
      assertFalse(resolver.matcher("/" + s + "/x").matches(), "/" + s + "/x would reach the resolver");
    }
  }

  @Test
  void compressedLinksOfAnyShape_reachTheResolver() {
    Pattern resolver = resolverRoot();
    // letters only (a GRAI), with digits, with - and _, a short GIAI, a partially compressed path
    for (String path : List.of("/JUhWbLCvxIKRUScnWig", "/AQnYUc1gmiCNV4JG", "/QUSaVjC_dA", "/gASBQg",
        "/01/05412345000013/EEarwSM", "/gln/5060917510004/JUa0T-eifdtOO9Q")) {
      assertTrue(resolver.matcher(path).matches(), path);
    }
    for (String path : List.of("/123456", "/v1", "/qr", "/nothing/here", "/AQnYUc1gmg/x")) {
      assertFalse(resolver.matcher(path).matches(), path);
    }
  }
}
