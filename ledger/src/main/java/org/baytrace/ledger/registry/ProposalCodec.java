package org.baytrace.ledger.registry;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.baytrace.api.governance.v1.EndKey;
import org.baytrace.api.governance.v1.RemoveMember;
import org.baytrace.api.governance.v1.SetOrgPrefixes;
import org.baytrace.api.governance.v1.SetOrgRoles;
import org.baytrace.ledger.crypto.PublicKey;

/**
 * The canonical encoding of proposals and of signed proposals (governance.proto): the one place
 * that reads and writes those bytes. {@link #decodeProposal} refuses bytes that do not
 * re-encode to themselves, so the bytes signed are the only encoding of what they say.
 * Stateless and thread-safe.
 */
public final class ProposalCodec {
  private ProposalCodec() {}

  public static byte[] encode(Proposal p) {
    return toProto(p).toByteArray();
  }

  /** @throws InvalidValue naming the malformed field, or if the bytes are not canonical */
  public static Proposal decodeProposal(byte[] bytes) {
    org.baytrace.api.governance.v1.Proposal proto;
    try {
      proto = org.baytrace.api.governance.v1.Proposal.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidValue("proposal", "not a baytrace.governance.v1.Proposal: " + e.getMessage());
    }
    Proposal p = RegistryCodec.at("proposal", () -> fromProto(proto));
    RegistryCodec.requireCanonical("proposal", bytes, toProto(p));
    return p;
  }

  public static byte[] encode(SignedProposal sp) {
    var b = org.baytrace.api.governance.v1.SignedProposal.newBuilder().setProposal(ByteString.copyFrom(sp.proposalBytes()));
    for (ProposalSignature s : sp.signatures()) {
      b.addSignatures(org.baytrace.api.governance.v1.ProposalSignature.newBuilder().setOrg(s.org())
          .setPublicKey(ByteString.copyFrom(s.key().toByteArray())).setSignature(ByteString.copyFrom(s.signature())));
    }
    return b.build().toByteArray();
  }

  /** A signed proposal (a proposal file, or a governance record's content); signatures are not verified here. */
  public static SignedProposal decodeSigned(byte[] bytes) {
    org.baytrace.api.governance.v1.SignedProposal proto;
    try {
      proto = org.baytrace.api.governance.v1.SignedProposal.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidValue("signed_proposal", "not a baytrace.governance.v1.SignedProposal: " + e.getMessage());
    }
    byte[] proposalBytes = proto.getProposal().toByteArray();
    Proposal p = decodeProposal(proposalBytes);
    List<ProposalSignature> sigs = new ArrayList<>();
    for (int i = 0; i < proto.getSignaturesCount(); i++) {
      var s = proto.getSignatures(i);
      sigs.add(RegistryCodec.at("signatures[" + i + "]", () -> new ProposalSignature(s.getOrg(),
          PublicKey.of(s.getPublicKey().toByteArray()), s.getSignature().toByteArray())));
    }
    return new SignedProposal(proposalBytes, p, sigs);
  }

  static org.baytrace.api.governance.v1.Proposal toProto(Proposal p) {
    return org.baytrace.api.governance.v1.Proposal.newBuilder().setOrigin(p.origin()).setBaseIndex(p.baseIndex())
        .setNonce(ByteString.copyFrom(HexFormat.of().parseHex(p.nonceHex()))).setChange(toProto(p.change()))
        .setSummary(p.summary()).build();
  }

  static Proposal fromProto(org.baytrace.api.governance.v1.Proposal p) {
    if (!p.hasChange()) {
      throw new InvalidValue("change", "missing, want one change");
    }
    return new Proposal(p.getOrigin(), p.getBaseIndex(), HexFormat.of().formatHex(p.getNonce().toByteArray()),
        RegistryCodec.at("change", () -> fromProto(p.getChange())), p.getSummary());
  }

  static org.baytrace.api.governance.v1.Change toProto(Change c) {
    var b = org.baytrace.api.governance.v1.Change.newBuilder();
    if (c instanceof Change.AdoptRegistry a) {
      b.setAdoptRegistry(RegistryCodec.toProto(a.registry()));
    } else if (c instanceof Change.AddOrg a) {
      b.setAddOrg(RegistryCodec.toProto(a.org()));
    } else if (c instanceof Change.SetOrgRoles s) {
      b.setSetOrgRoles(SetOrgRoles.newBuilder().setOrg(s.org()).addAllRoles(RegistryCodec.roleNames(s.roles())));
    } else if (c instanceof Change.SetOrgPrefixes s) {
      b.setSetOrgPrefixes(SetOrgPrefixes.newBuilder().setOrg(s.org())
          .addAllGs1CompanyPrefixes(s.gs1CompanyPrefixes().stream().sorted().toList()));
    } else if (c instanceof Change.AddKey a) {
      b.setAddKey(org.baytrace.api.governance.v1.AddKey.newBuilder().setOrg(a.org()).setKey(RegistryCodec.toProto(a.key())));
    } else if (c instanceof Change.EndKey e) {
      EndKey k = EndKey.newBuilder().setOrg(e.org()).setPublicKey(ByteString.copyFrom(e.key().toByteArray()))
          .setReason(e.reason()).build();
      if (e.revoke()) {
        b.setRevokeKey(k);
      } else {
        b.setRetireKey(k);
      }
    } else if (c instanceof Change.AddMember a) {
      b.setAddMember(RegistryCodec.toProto(a.member()));
    } else if (c instanceof Change.RemoveMember r) {
      b.setRemoveMember(RemoveMember.newBuilder().setName(r.name()));
    } else if (c instanceof Change.SetPolicy s) {
      b.setSetPolicy(RegistryCodec.toProto(s.policy()));
    } else if (c instanceof Change.SetGovernance g) {
      b.setSetGovernance(RegistryCodec.toProto(g.governance()));
    }
    return b.build();
  }

  static Change fromProto(org.baytrace.api.governance.v1.Change c) {
    return switch (c.getChangeCase()) {
      case ADOPT_REGISTRY -> new Change.AdoptRegistry(RegistryCodec.at("adopt_registry",
          () -> RegistryCodec.fromProto(c.getAdoptRegistry())));
      case ADD_ORG -> new Change.AddOrg(RegistryCodec.at("add_org", () -> RegistryCodec.fromProto(c.getAddOrg())));
      case SET_ORG_ROLES -> new Change.SetOrgRoles(c.getSetOrgRoles().getOrg(),
          RegistryCodec.roles(c.getSetOrgRoles().getRolesList(), "set_org_roles.roles"));
      case SET_ORG_PREFIXES -> new Change.SetOrgPrefixes(c.getSetOrgPrefixes().getOrg(),
          c.getSetOrgPrefixes().getGs1CompanyPrefixesList());
      case ADD_KEY -> {
        OrgRegistry.OrgKey key = RegistryCodec.at("add_key.key", () -> RegistryCodec.fromProto(c.getAddKey().getKey()));
        if (key.addedAt() != OrgRegistry.OrgKey.FOUNDING || key.ended() != null) {
          throw new InvalidValue("add_key.key", "carries added_at_index or ended; the ledger sets those");
        }
        yield new Change.AddKey(c.getAddKey().getOrg(), key);
      }
      case RETIRE_KEY -> endKey(c.getRetireKey(), false, "retire_key");
      case REVOKE_KEY -> endKey(c.getRevokeKey(), true, "revoke_key");
      case ADD_MEMBER -> new Change.AddMember(RegistryCodec.at("add_member", () -> RegistryCodec.fromProto(c.getAddMember())));
      case REMOVE_MEMBER -> new Change.RemoveMember(c.getRemoveMember().getName());
      case SET_POLICY -> new Change.SetPolicy(RegistryCodec.at("set_policy", () -> RegistryCodec.fromProto(c.getSetPolicy())));
      case SET_GOVERNANCE -> new Change.SetGovernance(RegistryCodec.at("set_governance",
          () -> RegistryCodec.fromProto(c.getSetGovernance())));
      case CHANGE_NOT_SET -> throw new InvalidValue("change", "empty, want one change");
    };
  }

  private static Change endKey(EndKey k, boolean revoke, String field) {
    PublicKey key = RegistryCodec.publicKey(k.getPublicKey(), field + ".public_key");
    // Checks the reason's shape as a key end would.
    RegistryCodec.at(field, () -> new OrgRegistry.KeyEnd(0, revoke, k.getReason()));
    return new Change.EndKey(k.getOrg(), key, revoke, k.getReason());
  }
}
