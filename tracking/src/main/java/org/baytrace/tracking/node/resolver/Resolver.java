package org.baytrace.tracking.node.resolver;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.baytrace.ledger.Ledger;
import org.baytrace.ledger.checkpoint.TrustRoot;
import org.baytrace.ledger.error.LedgerException;
import org.baytrace.ledger.leaf.LeafCodec;
import org.baytrace.ledger.receipt.Receipt;
import org.baytrace.ledger.record.ParsedRecord;
import org.baytrace.ledger.record.RecordLimits;
import org.baytrace.ledger.record.Records;
import org.baytrace.ledger.registry.GenesisRoot;
import org.baytrace.ledger.registry.GovernanceState;
import org.baytrace.ledger.registry.RegistryEvidence;
import org.baytrace.ledger.verify.VerificationException;
import org.baytrace.tracking.domain.epcis.masterdata.VocabularyElement;
import org.baytrace.tracking.domain.gs1.DigitalLink;
import org.baytrace.tracking.domain.gs1.TraceCode;
import org.baytrace.tracking.node.pages.Lang;
import org.glassfish.hk2.utilities.binding.AbstractBinder;

/**
 * The GS1 Digital Link resolver: the consumer page of a trace code. Entry point for the node:
 * <pre>{@code
 * Resolver resolver = Resolver.overLedger(ledger);          // or new Resolver(ledger, source, base)
 * LedgerHttpServer.start(ledger, listen, resolver.httpComponents());
 * }</pre>
 * which serves
 * <ul>
 *   <li>{@code GET /01/{gtin}[/10/{lot}][/21/{serial}]} and {@code GET /00/{sscc}}: by content
 *       negotiation an HTML page (English, simplified or traditional Chinese by {@code
 *       Accept-Language}, or {@code ?lang=en|zh-Hans|zh-Hant}) or JSON ({@code Accept:
 *       application/json} or {@code ?format=json}) with the product and its origin, the journey
 *       (its EPCIS events and the legs other profiles recorded, see {@link JourneyLegs}), the
 *       cold-chain readings and a "verified" badge that is true only when every record the page
 *       uses (events, legs, the records behind the cold-chain verdict) has a receipt that
 *       verifies against the node's own checkpoint key; {@code ?linkType=all} (or {@code Accept:
 *       application/linkset+json}) gives the GS1 link set; a malformed code answers 400 and an
 *       unknown one 404, as a friendly page or as problem JSON;
 *   <li>{@code GET /v1/resolver/receipts/{digital link path}}: the receipts of the events the page
 *       shows, as a JSON array of DESIGN §3.4 receipts (all against one checkpoint);
 *   <li>{@code GET /qr/{digital link path}.png|.svg} (or {@code ?format=png|svg}), {@code
 *       ?size=64..1024}: a QR code of the code's Digital Link on the resolver host, with the
 *       ledger's trust root as {@code ?trustRoot=};
 *   <li>{@code GET /v1/resolver/trust-root}: that trust root's keys, threshold and id;
 *   <li>{@code GET /v1/resolver/assets/...}: the page's stylesheet and scripts, among them the
 *       {@code verify-*.js} modules with which the phone verifies the page itself against the
 *       trust root in its link (the proofs come from {@code GET /v1/ledger/proofs}).
 * </ul>
 *
 * <p>A page asked for again is served from memory while its events are the same ({@link
 * PageCache}), and a record's own checks are done once ({@link ReceiptChecks}); pages answer with
 * an {@code ETag} and {@code 304 Not Modified} to a matching {@code If-None-Match}.
 *
 * <p>Thread-safe (as long as its {@link TraceSource} and {@link ColdChainProfile} are); its
 * settings are immutable, the {@code with...} methods return a resolver with its own caches.
 */
public final class Resolver {
  private final Ledger ledger;
  private final TraceSource source;
  private final String baseUrl;
  private final ColdChainProfile coldChain;
  private final TrustRoot trustRoot;
  private final List<JourneyLegs> legs;
  private final UnaryOperator<String> orgNames;
  private final ReceiptChecks receiptChecks = new ReceiptChecks();
  private final PageCache pages = new PageCache();
  private final Names names;
  private final Supplier<GovernanceState> registry; // the registry in force, or null: no key is said revoked
  private final Supplier<Optional<GenesisRoot>> genesis; // the ledger's genesis root, once entry 0 is one

  /**
   * @param ledger the ledger whose receipts prove the events (the node's own)
   * @param source where the events of a code come from
   * @param resolverBaseUrl the scheme and host (and optional path) that QR codes and link sets
   *     name, e.g. {@code https://trace.example.com}; {@code null} for {@code https://id.gs1.org}
   * @throws IllegalArgumentException if the base URL is not an absolute http(s) URL without query
   *     or fragment, in ASCII
   */
  public Resolver(Ledger ledger, TraceSource source, String resolverBaseUrl) {
    this(ledger, source, checkBase(resolverBaseUrl), ColdChainProfile.NONE,
        TrustRoot.singleNode(ledger.origin(), ledger.verifierKey()), List.of(), id -> null, Names.NONE, null,
        genesisOf(ledger));
  }

  private Resolver(Ledger ledger, TraceSource source, String baseUrl, ColdChainProfile coldChain, TrustRoot trustRoot,
      List<JourneyLegs> legs, UnaryOperator<String> orgNames, Names names, Supplier<GovernanceState> registry,
      Supplier<Optional<GenesisRoot>> genesis) {
    this.names = Objects.requireNonNull(names, "names");
    this.registry = registry;
    this.genesis = Objects.requireNonNull(genesis, "genesis");
    this.legs = List.copyOf(legs);
    this.orgNames = Objects.requireNonNull(orgNames, "orgNames");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.source = Objects.requireNonNull(source, "source");
    this.baseUrl = baseUrl;
    this.coldChain = Objects.requireNonNull(coldChain, "coldChain");
    this.trustRoot = Objects.requireNonNull(trustRoot, "trustRoot");
    if (!trustRoot.origin().equals(ledger.origin())) {
      throw new IllegalArgumentException("trustRoot: got origin \"" + trustRoot.origin() + "\", want the ledger's \""
          + ledger.origin() + "\"");
    }
  }

  /** A resolver over the ledger's subject histories ({@link LedgerTraceSource}), QR codes on id.gs1.org. */
  public static Resolver overLedger(Ledger ledger) {
    return new Resolver(ledger, new LedgerTraceSource(ledger), null);
  }

  /** The same resolver judging temperature readings with {@code profile}. */
  public Resolver withColdChainProfile(ColdChainProfile profile) {
    return new Resolver(ledger, source, baseUrl, profile, trustRoot, legs, orgNames, names, registry, genesis);
  }

  /** The same resolver putting the legs of {@code sources} (water bus, customs) on the journey. */
  public Resolver withJourneyLegs(List<JourneyLegs> sources) {
    return new Resolver(ledger, source, baseUrl, coldChain, trustRoot, sources, orgNames, names, registry, genesis);
  }

  /**
   * The same resolver saying on each step whose record was signed by a key that {@code inForce}
   * (the registry in force, read at every request) has revoked since: "signed by a key revoked at
   * index N (reason)".
   */
  public Resolver withRegistry(Supplier<GovernanceState> inForce) {
    return new Resolver(ledger, source, baseUrl, coldChain, trustRoot, legs, orgNames, names,
        Objects.requireNonNull(inForce, "inForce"), genesis);
  }

  /**
   * The same resolver naming the organisations that recorded each step by {@code names} (an
   * organisation id to its name, e.g. from the registry; null when unknown, then the id is shown).
   */
  public Resolver withOrgNames(UnaryOperator<String> names) {
    return new Resolver(ledger, source, baseUrl, coldChain, trustRoot, legs, names, this.names, registry, genesis);
  }

  /**
   * The same resolver naming {@code root} as the ledger's trust root (a cluster's: every member's
   * key and the quorum); the default is the single node's own checkpoint key.
   */
  public Resolver withTrustRoot(TrustRoot root) {
    return new Resolver(ledger, source, baseUrl, coldChain, root, legs, orgNames, names, registry, genesis);
  }

  /**
   * The same resolver putting names from EPCIS master data on its pages: product names and
   * brands, place names and addresses ({@link Naming}).
   */
  public Resolver withNames(Names n) {
    return new Resolver(ledger, source, baseUrl, coldChain, trustRoot, legs, orgNames, n, registry, genesis);
  }

  /**
   * Who signs today's checkpoints, as a key-set trust root ({@code baytrace/trust-root/v1}): for
   * a ledger that begins with its genesis and whose registry this resolver reads, the members of
   * the registry in force ({@link GenesisRoot#checkpointSigners}); else the keys it was given (a
   * single node's own key, or a cluster's configured members). A code printed before the ledger
   * had a genesis root carries this id, and verifies while these keys sign.
   */
  public TrustRoot trustRoot() {
    Optional<GenesisRoot> g = genesis.get();
    if (g.isPresent() && registry != null) {
      return g.get().checkpointSigners(registry.get().registry());
    }
    return trustRoot;
  }

  /** The ledger's genesis trust root, once its entry 0 is a genesis entry. */
  public Optional<GenesisRoot> genesisRoot() {
    return genesis.get();
  }

  /**
   * The trust root id printed codes carry: the genesis root's ({@code baytrace/trust-root/v2}),
   * which member and key changes leave as it is, for a ledger that begins with its genesis; else
   * the key-set root's ({@link #trustRoot()}).
   */
  public String printedTrustRootId() {
    return genesis.get().map(GenesisRoot::id).orElseGet(() -> trustRoot().id());
  }

  /**
   * The genesis root of {@code ledger}, read from its entry 0 the first time the ledger holds one
   * and remembered (entry 0 never changes); empty for a ledger whose entry 0 is no genesis.
   */
  static Supplier<Optional<GenesisRoot>> genesisOf(Ledger ledger) {
    AtomicReference<Optional<GenesisRoot>> known = new AtomicReference<>();
    return () -> {
      Optional<GenesisRoot> k = known.get();
      if (k != null) {
        return k;
      }
      if (ledger.head().size() == 0) {
        return Optional.empty(); // not yet: ask again once the genesis is appended
      }
      Optional<GenesisRoot> found;
      try {
        found = Optional.of(GenesisRoot.of(ledger.origin(), ledger.entry(0).leaf()));
      } catch (IllegalArgumentException notAGenesis) {
        found = Optional.empty(); // a ledger begun before genesis entries: its key-set root stays
      }
      known.compareAndSet(null, found);
      return found;
    };
  }

  /**
   * The JAX-RS components to pass to {@code LedgerHttpServer.start(ledger, listen, ...)}: the
   * resources (as classes) and a binder that hands them this resolver.
   */
  public Object[] httpComponents() {
    return new Object[] {new Binder(this), ResolverResource.class, ResolverApiResource.class, QrResource.class,
        LandingResource.class};
  }

  /** The scheme and host that QR codes and link sets name, without a trailing slash. */
  public String resolverBaseUrl() {
    return baseUrl;
  }

  /**
   * The Digital Link query parameter that carries the ledger's {@linkplain TrustRoot#id() trust
   * root}. GS1 resolvers ignore query parameters that are not application identifiers (all
   * digits) or their own ({@code linkType}, {@code context}...), so the code still resolves
   * anywhere; a BayTrace page reads it to verify independently of the node that serves it.
   */
  public static final String TRUST_ROOT_PARAM = "trustRoot";

  /**
   * What a QR code for a Digital Link carries: its canonical path on the resolver host, with the
   * trust root as the {@value #TRUST_ROOT_PARAM} query parameter.
   */
  public String qrContent(DigitalLink link) {
    return printedLink(link.toUri());
  }

  /**
   * What a printed code carries for a canonical Digital Link ({@code https://id.gs1.org/...}):
   * the same path on the resolver host, with the trust root as {@value #TRUST_ROOT_PARAM}.
   */
  public String printedLink(String canonicalDigitalLink) {
    String uri = onBase(canonicalDigitalLink);
    return uri + (uri.indexOf('?') >= 0 ? "&" : "?") + TRUST_ROOT_PARAM + "=" + printedTrustRootId();
  }

  String onBase(String canonicalDigitalLink) {
    return baseUrl + canonicalDigitalLink.substring(DigitalLink.CANONICAL_ORIGIN.length());
  }

  Ledger ledger() {
    return ledger;
  }

  /** One resolution: the view, and what it was built from (for the receipts bundle). */
  record Resolved(TraceView view, TraceViews.Selection selection, ReceiptChecks.Outcome checks) {}

  /**
   * The GS1 key a resolver path names, checked (structure, check digits) and canonical. Keys that
   * {@link TraceCode} has no record for (GRAI, GIAI, GSRN, GDTI, ...) come back as {@link
   * TraceCode.Unknown} holding the canonical Digital Link, the subject their events are recorded
   * under.
   *
   * @throws InvalidTraceCodeException naming the AI and what is wrong
   */
  static TraceCode keyOf(String path) {
    // a resolver path names a GS1 key or is refused, so Unknown here is a canonical Digital Link
    return TraceCode.parse(path);
  }

  /** Resolves a code, or empty if the source knows no event of it. */
  Optional<Resolved> resolve(TraceCode code, Lang lang) {
    return page(code, lang).map(PageCache.Page::resolved);
  }

  /**
   * The page of a code with its renderings, or empty if the source knows no event of it: the one
   * remembered if the source gives the same events as when it was built, else built and checked
   * now (and remembered if every check passed).
   */
  Optional<PageCache.Page> page(TraceCode code, Lang lang) {
    String key = code.toDigitalLink();
    List<TraceEvent> events = source.eventsFor(code);
    if (events.isEmpty()) {
      return Optional.empty();
    }
    TraceViews.Selection selection = TraceViews.select(events);
    List<JourneyLegs.Leg> found = new java.util.ArrayList<>();
    Set<String> containers = TraceViews.containers(selection.shown());
    for (JourneyLegs l : legs) {
      found.addAll(l.legs(code, containers));
    }
    TraceViews.Judged judged = TraceViews.judge(code, selection, coldChain);
    // every record the page uses is checked: the events, the legs, the records behind the cold-chain verdict
    Set<Long> others = new TreeSet<>();
    found.forEach(l -> others.add(l.ledgerIndex()));
    judged.assessment().ifPresent(a -> others.addAll(a.records()));
    selection.checked().forEach(e -> others.remove(e.ledgerIndex()));
    Map<String, String> authorNames = new TreeMap<>();
    events.forEach(e -> {
      if (e.author() != null) {
        authorNames.put(e.author(), String.valueOf(orgNames.apply(e.author())));
      }
    });
    // A governance change may revoke a key that signed a shown record: the registry's version is an input.
    long registryVersion = registry == null ? -1 : registry.get().version();
    PageCache.Inputs inputs = new PageCache.Inputs(events, found, judged, others, authorNames, registryVersion);
    PageCache.Page remembered = pages.get(key, lang);
    if (remembered != null && remembered.builtFrom(inputs, names)) {
      return Optional.of(remembered);
    }
    ReceiptChecks.Outcome checks = receiptChecks.check(ledger, selection.checked(), others);
    TraceView plain = TraceViews.build(code, lang, onBase(key), selection, checks, judged, found, ledger.origin(),
        orgNames, revokedKeys(selection, checks));
    Set<String> namedIds = Naming.ids(plain);
    Map<String, VocabularyElement> masterData = namedIds.isEmpty() ? Map.of() : names.masterData(namedIds);
    TraceView view = Naming.apply(plain, masterData);
    PageCache.Page page = new PageCache.Page(inputs, namedIds, masterData, new Resolved(view, selection, checks));
    if (checks.failures().isEmpty() && checks.treeSize() > 0) {
      pages.put(key, lang, page);
    }
    return Optional.of(page);
  }

  /** Records whose own checks are remembered (for tests). */
  int rememberedRecords() {
    return receiptChecks.remembered();
  }

  /** For each shown event whose record a key since revoked signed: what the registry says of it. */
  private Map<Long, String> revokedKeys(TraceViews.Selection selection, ReceiptChecks.Outcome checks) {
    if (registry == null) {
      return Map.of();
    }
    GovernanceState inForce = registry.get();
    Map<Long, String> out = new HashMap<>();
    for (TraceEvent e : selection.shown()) {
      Receipt r = checks.receipts().get(e.ledgerIndex());
      if (r == null) {
        continue; // not verified: the step says so already
      }
      try {
        ParsedRecord record = Records.parse(LeafCodec.decode(r.leaf()).signedRecord(), RecordLimits.DEFAULT);
        List<String> revoked = RegistryEvidence.revokedSigners(inForce, record);
        if (!revoked.isEmpty()) {
          out.put(e.ledgerIndex(), String.join("; ", revoked));
        }
      } catch (VerificationException | LedgerException malformed) {
        // A receipt that verified decodes; of one that does not, the step already says so.
      }
    }
    return out;
  }

  private static String checkBase(String base) {
    if (base == null) {
      return DigitalLink.CANONICAL_ORIGIN;
    }
    String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    URI uri;
    try {
      uri = new URI(b);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("resolverBaseUrl: got \"" + base + "\", want an http(s) URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getRawQuery() != null
        || uri.getRawFragment() != null || !b.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("resolverBaseUrl: got \"" + base
          + "\", want an ASCII http(s) URL with a host and no query or fragment, e.g. https://trace.example.com");
    }
    return b;
  }

  @Override
  public String toString() {
    return "Resolver[" + ledger.origin() + ", QR codes on " + baseUrl + "]";
  }

  /** Hands the resolver to the resources Jersey creates. */
  private static final class Binder extends AbstractBinder {
    private final Resolver resolver;

    Binder(Resolver resolver) {
      this.resolver = resolver;
    }

    @Override
    protected void configure() {
      bind(resolver).to(Resolver.class);
    }
  }
}
