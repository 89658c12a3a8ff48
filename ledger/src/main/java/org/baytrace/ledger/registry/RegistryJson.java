package org.baytrace.ledger.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.OrgKey;

/**
 * The registry as JSON (what {@code GET /v1/registry} serves and {@code baytrace registry show}
 * prints): organisations with their keys and validity indexes, members, the policy table, the
 * governance threshold, the index of each change, and the registry's canonical encoding (base64)
 * and its SHA-256, so a saved copy can be checked against the ledger's governance records.
 * Maps and lists of plain values, for any JSON writer. Stateless.
 */
public final class RegistryJson {
  private RegistryJson() {}

  /**
   * The registry as it stood once the entry at {@code atIndex} was applied (the one in force now
   * if {@code atIndex} is at or past the last change).
   */
  public static Map<String, Object> of(GovernanceState s, long atIndex, String origin) {
    Registry r = s.registryAt(atIndex);
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("origin", origin);
    j.put("atIndex", atIndex);
    j.put("onLedger", !s.changesUpTo(atIndex).isEmpty());
    List<RegistryChange> changes = s.changesUpTo(atIndex);
    j.put("version", changes.isEmpty() ? Proposal.NO_REGISTRY : changes.get(changes.size() - 1).index());
    j.put("registrySha256", RegistryCodec.hash(r).hex());
    List<Object> orgs = new ArrayList<>();
    for (Org o : r.orgs().orgs()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", o.id());
      m.put("name", o.name());
      m.put("roles", RegistryCodec.roleNames(o.roles()));
      m.put("gs1CompanyPrefixes", o.gs1CompanyPrefixes());
      if (o.aeoStatus() != null) {
        m.put("aeoStatus", o.aeoStatus());
      }
      m.put("signsFor", o.signsFor());
      List<Object> keys = new ArrayList<>();
      for (OrgKey k : o.keys()) {
        Map<String, Object> km = new LinkedHashMap<>();
        km.put("keyId", k.key().keyId());
        km.put("publicKey", k.key().base64());
        km.put("addedAtIndex", k.addedAt() == OrgKey.FOUNDING ? null : k.addedAt());
        km.put("notBefore", k.notBefore() == null ? null : k.notBefore().toString());
        km.put("notAfter", k.notAfter() == null ? null : k.notAfter().toString());
        if (k.ended() != null) {
          km.put(k.ended().revoked() ? "revokedAtIndex" : "retiredAtIndex", k.ended().atIndex());
          km.put("reason", k.ended().reason());
        }
        keys.add(km);
      }
      m.put("keys", keys);
      orgs.add(m);
    }
    j.put("organisations", orgs);
    List<Object> members = new ArrayList<>();
    for (Member m : r.members()) {
      Map<String, Object> mm = new LinkedHashMap<>();
      mm.put("name", m.name());
      mm.put("verifierKey", m.verifierKey().encode());
      mm.put("tlsFingerprint", m.tlsCertificate().map(f -> f.hex()).orElse(null));
      mm.put("grpc", m.grpcAddress());
      mm.put("raft", m.raftAddress());
      mm.put("addedAtIndex", m.addedAt() == OrgKey.FOUNDING ? null : m.addedAt());
      members.add(mm);
    }
    j.put("members", members);
    List<Object> rules = new ArrayList<>();
    PolicyTable t = r.orgs().policy();
    for (int i = 0; i < t.rules().size(); i++) {
      rules.add(t.describe(i));
    }
    j.put("policy", Map.of("builtIn", t.isBuiltIn(), "rules", rules));
    j.put("governance", Map.of("threshold", r.governance().threshold(), "organisations", r.governance().orgs()));
    List<Object> log = new ArrayList<>();
    for (RegistryChange c : changes) {
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("index", c.index());
      cm.put("kind", c.kind());
      cm.put("description", c.description());
      cm.put("proposalId", c.proposalId());
      cm.put("signers", c.signers());
      log.add(cm);
    }
    j.put("changes", log);
    j.put("canonical", java.util.Base64.getEncoder().encodeToString(RegistryCodec.encode(r)));
    return j;
  }
}
