package org.baytrace.tracking.domain.coldchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.baytrace.config.ConfigException;

/**
 * The commodity profiles a node judges shipments with: the built-in set ({@code
 * default-commodities.toml} beside this class) and, optionally, a profiles file named in the
 * node file ({@code [coldchain] profiles_file}) whose commodities replace built-in ones of the
 * same id or add new ones ({@code replace_defaults = true}: only the file's). Immutable;
 * thread-safe.
 */
public final class CommodityProfiles {
  static final String DEFAULTS_RESOURCE = "default-commodities.toml";
  private static final List<String> TOP_KEYS = List.of("replace_defaults", "commodities");
  private static final List<String> KEYS = List.of("id", "name", "min_celsius", "max_celsius",
      "tolerance_min_celsius", "tolerance_max_celsius", "tolerance_in_transport_only",
      "max_continuous_breach_seconds", "max_accumulated_breach_seconds", "gtins");
  private static final TomlMapper TOML = new TomlMapper();

  private final Map<String, CommodityProfile> byId;
  private final Map<String, CommodityProfile> byGtin;

  private CommodityProfiles(Collection<CommodityProfile> profiles) {
    Map<String, CommodityProfile> ids = new LinkedHashMap<>();
    Map<String, CommodityProfile> gtins = new LinkedHashMap<>();
    for (CommodityProfile p : profiles) {
      ids.put(p.id(), p);
      p.gtins().forEach(g -> gtins.put(g, p));
    }
    this.byId = Map.copyOf(ids);
    this.byGtin = Map.copyOf(gtins);
    this.ordered = List.copyOf(ids.values());
  }

  private final List<CommodityProfile> ordered;

  /** The built-in set: frozen meat, chilled meat, mango, durian, apple. */
  public static CommodityProfiles defaults() {
    try (InputStream in = CommodityProfiles.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the class path");
      }
      return new CommodityProfiles(parse(Path.of(DEFAULTS_RESOURCE), new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .profiles());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ConfigException e) {
      throw new IllegalStateException("built-in commodity profiles: " + e.getMessage(), e);
    }
  }

  public static CommodityProfiles of(Collection<CommodityProfile> profiles) {
    return new CommodityProfiles(profiles);
  }

  /**
   * The built-in set with a profiles file applied.
   *
   * @throws ConfigException naming the file, the key ({@code commodities[1].max_celsius}) and the problem
   */
  public static CommodityProfiles load(Path file) throws ConfigException {
    String text;
    try {
      if (Files.size(file) > 1 << 20) {
        throw new ConfigException(file, null, "larger than 1 MiB, want a profiles file");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file, null, "no such file");
    } catch (IOException e) {
      throw new ConfigException(file, null, "cannot read: " + e, e);
    }
    Parsed parsed = parse(file, text);
    Map<String, CommodityProfile> merged = new LinkedHashMap<>();
    if (!parsed.replaceDefaults()) {
      defaults().all().forEach(p -> merged.put(p.id(), p));
    }
    parsed.profiles().forEach(p -> merged.put(p.id(), p));
    return new CommodityProfiles(merged.values());
  }

  public List<CommodityProfile> all() {
    return ordered;
  }

  public Optional<CommodityProfile> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public Optional<CommodityProfile> byGtin(String gtin) {
    return Optional.ofNullable(byGtin.get(gtin));
  }

  private record Parsed(boolean replaceDefaults, List<CommodityProfile> profiles) {}

  private static Parsed parse(Path file, String text) throws ConfigException {
    JsonNode root;
    try {
      root = TOML.readTree(text);
    } catch (IOException e) {
      throw new ConfigException(file, null, "not valid TOML: " + e.getMessage(), e);
    }
    if (!(root instanceof ObjectNode)) {
      root = TOML.createObjectNode();
    }
    checkKeys(file, "", root, TOP_KEYS);
    JsonNode replace = root.path("replace_defaults");
    if (!replace.isMissingNode() && !replace.isBoolean()) {
      throw new ConfigException(file, "replace_defaults", "got " + replace + ", want true or false");
    }
    JsonNode list = root.path("commodities");
    if (!list.isMissingNode() && !list.isArray()) {
      throw new ConfigException(file, "commodities", "want [[commodities]] tables");
    }
    List<CommodityProfile> out = new ArrayList<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    GtinOwners gtins = new GtinOwners();
    for (int i = 0; i < list.size(); i++) {
      String at = "commodities[" + i + "]";
      JsonNode t = list.get(i);
      if (!t.isObject()) {
        throw new ConfigException(file, at, "want a table");
      }
      checkKeys(file, at + ".", t, KEYS);
      CommodityProfile p;
      try {
        String id = requiredString(t, "id");
        double min = requiredNumber(t, "min_celsius");
        double max = requiredNumber(t, "max_celsius");
        p = new CommodityProfile(id, optionalString(t, "name").orElse(id), min, max,
            optionalNumber(t, "tolerance_min_celsius").orElse(min), optionalNumber(t, "tolerance_max_celsius").orElse(max),
            optionalBoolean(t, "tolerance_in_transport_only").orElse(false), seconds(t, "max_continuous_breach_seconds"),
            seconds(t, "max_accumulated_breach_seconds"), strings(t, "gtins"));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(file, at + "." + e.getMessage().substring(0, e.getMessage().indexOf(':')),
            e.getMessage().substring(e.getMessage().indexOf(':') + 2));
      }
      Integer first = seen.putIfAbsent(p.id(), i);
      if (first != null) {
        throw new ConfigException(file, at + ".id", "\"" + p.id() + "\" is already used by commodities[" + first + "]");
      }
      gtins.add(file, at, p);
      out.add(p);
    }
    return new Parsed(replace.asBoolean(false), out);
  }

  /** A GTIN names one commodity only: otherwise the verdict would depend on file order. */
  private static final class GtinOwners {
    final Map<String, String> owner = new LinkedHashMap<>();

    void add(Path file, String at, CommodityProfile p) throws ConfigException {
      for (int g = 0; g < p.gtins().size(); g++) {
        String prev = owner.putIfAbsent(p.gtins().get(g), p.id());
        if (prev != null) {
          throw new ConfigException(file, at + ".gtins[" + g + "]", "GTIN " + p.gtins().get(g)
              + " already belongs to commodity \"" + prev + "\"");
        }
      }
    }
  }

  private static void checkKeys(Path file, String prefix, JsonNode table, List<String> allowed) throws ConfigException {
    for (Iterator<String> it = table.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw new ConfigException(file, prefix + k, "unknown key, want one of " + allowed);
      }
    }
  }

  private static String requiredString(JsonNode t, String key) {
    return optionalString(t, key).orElseThrow(() -> new IllegalArgumentException(key + ": missing, want a string"));
  }

  private static Optional<String> optionalString(JsonNode t, String key) {
    JsonNode v = t.path(key);
    if (v.isMissingNode()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(key + ": got " + v + ", want a string");
    }
    return Optional.of(v.asText());
  }

  private static double requiredNumber(JsonNode t, String key) {
    return optionalNumber(t, key).orElseThrow(() -> new IllegalArgumentException(key + ": missing, want a temperature in °C"));
  }

  private static Optional<Double> optionalNumber(JsonNode t, String key) {
    JsonNode v = t.path(key);
    if (v.isMissingNode()) {
      return Optional.empty();
    }
    if (!v.isNumber()) {
      throw new IllegalArgumentException(key + ": got " + v + ", want a number (°C)");
    }
    return Optional.of(v.asDouble());
  }

  private static Optional<Boolean> optionalBoolean(JsonNode t, String key) {
    JsonNode v = t.path(key);
    if (v.isMissingNode()) {
      return Optional.empty();
    }
    if (!v.isBoolean()) {
      throw new IllegalArgumentException(key + ": got " + v + ", want true or false");
    }
    return Optional.of(v.asBoolean());
  }

  private static Duration seconds(JsonNode t, String key) {
    JsonNode v = t.path(key);
    if (v.isMissingNode()) {
      return null;
    }
    if (!v.isIntegralNumber() || v.asLong() < 0 || v.asLong() > 31_536_000L) {
      throw new IllegalArgumentException(key + ": got " + v + ", want whole seconds from 0 to 31536000");
    }
    return Duration.ofSeconds(v.asLong());
  }

  private static List<String> strings(JsonNode t, String key) {
    JsonNode v = t.path(key);
    if (v.isMissingNode()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new IllegalArgumentException(key + ": got " + v + ", want a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual()) {
        throw new IllegalArgumentException(key + "[" + i + "]: got " + v.get(i) + ", want a string");
      }
      out.add(v.get(i).asText());
    }
    return out;
  }
}
