package org.baytrace.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.baytrace.api.ledger.v1.AppendResponse;
import org.baytrace.config.ConfigException;
import org.baytrace.config.HostPort;
import org.baytrace.config.NodeConfig;
import org.baytrace.ledger.checkpoint.NoteVerifier;
import org.baytrace.ledger.crypto.KeyFiles;
import org.baytrace.ledger.crypto.PublicKey;
import org.baytrace.ledger.crypto.SigningKey;
import org.baytrace.ledger.registry.Change;
import org.baytrace.ledger.registry.Genesis;
import org.baytrace.ledger.registry.Governance;
import org.baytrace.ledger.registry.GovernanceRecords;
import org.baytrace.ledger.registry.InvalidValue;
import org.baytrace.ledger.registry.Member;
import org.baytrace.ledger.registry.OrgRegistry.Org;
import org.baytrace.ledger.registry.OrgRegistry.OrgKey;
import org.baytrace.ledger.registry.OrgRegistry.Role;
import org.baytrace.ledger.registry.Proposal;
import org.baytrace.ledger.registry.ProposalSignature;
import org.baytrace.ledger.registry.Registry;
import org.baytrace.ledger.registry.SignedProposal;
import org.baytrace.ledger.tls.Fingerprint;
import org.baytrace.ledger.tls.Pem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code baytrace registry show | propose | sign | submit}: the consortium's registry as the
 * ledger holds it, and changes to it as proposal files that governing organisations sign
 * offline, one after another, before one of them submits it (ledger/README.md, "Governance").
 */
@Command(name = "registry", mixinStandardHelpOptions = true,
    description = {"The registry in the ledger (organisations, keys, members, policy, governance",
        "threshold) and changes to it. A change is a proposal file: 'propose' writes it,",
        "governing organisations 'sign' it offline one after another, then one of them",
        "'submit's it as a governance record; the ledger applies it once enough signed."},
    subcommands = {RegistryCommand.Show.class, RegistryCommand.Propose.class, RegistryCommand.Sign.class,
        RegistryCommand.Submit.class})
final class RegistryCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  private static SigningKey loadKey(Path file) {
    try {
      return KeyFiles.loadPrivate(file);
    } catch (IOException e) {
      throw new CliException(BayTrace.IO_ERROR, "cannot read key " + file + ": " + e.getMessage());
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, header = "Prints the registry the ledger holds.",
      description = {"Prints the registry in force (or at --at-index N): organisations with roles,",
          "GS1 prefixes and keys with their validity indexes, member nodes, the policy",
          "table, the governance threshold and every change. Computed here from the",
          "ledger's governance records, judged in log order as every member judges them."})
  static final class Show implements Callable<Integer> {
    @Mixin TargetOption target;

    @Option(names = "--at-index", paramLabel = "N", description = "The registry as it stood once entry N was applied.")
    Long atIndex;

    @Option(names = "--json", description = "Print JSON (the format of GET /v1/registry).")
    boolean json;

    @Override
    public Integer call() throws Exception {
      ManagedChannel ch = target.channel();
      try {
        LedgerRegistry lr = LedgerRegistry.read(ch);
        lr.requireState();
        long at = atIndex == null ? lr.treeSize() - 1 : atIndex;
        if (at < 0 || at >= lr.treeSize()) {
          throw new CliException(BayTrace.USAGE, "--at-index: got " + at + ", want 0 <= N < " + lr.treeSize() + " (the tree size)");
        }
        Map<String, Object> j = lr.json(at);
        if (json) {
          System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(j));
        } else {
          System.out.print(human(j));
        }
        return BayTrace.OK;
      } catch (StatusRuntimeException e) {
        throw target.failure(e);
      } finally {
        TargetOption.close(ch);
      }
    }

    @SuppressWarnings("unchecked")
    static String human(Map<String, Object> j) {
      StringBuilder b = new StringBuilder();
      b.append(String.format("registry of ledger %s at index %s (last change at index %s)%n", j.get("origin"), j.get("atIndex"),
          j.get("version")));
      b.append(String.format("sha256:      %s%n", j.get("registrySha256")));
      Map<String, Object> g = (Map<String, Object>) j.get("governance");
      b.append(String.format("governance:  %s of %s must sign a change%n", g.get("threshold"), g.get("organisations")));
      b.append("organisations:\n");
      for (Object o : (List<Object>) j.get("organisations")) {
        Map<String, Object> m = (Map<String, Object>) o;
        b.append(String.format("  %s  \"%s\"  roles %s  GS1 prefixes %s%n", m.get("id"), m.get("name"), m.get("roles"),
            m.get("gs1CompanyPrefixes")));
        for (Object k : (List<Object>) m.get("keys")) {
          Map<String, Object> km = (Map<String, Object>) k;
          String from = km.get("addedAtIndex") == null ? "founding key" : "added at index " + km.get("addedAtIndex");
          String state = km.containsKey("revokedAtIndex") ? "REVOKED at index " + km.get("revokedAtIndex") + " (" + km.get("reason") + ")"
              : km.containsKey("retiredAtIndex") ? "retired at index " + km.get("retiredAtIndex") + " (" + km.get("reason") + ")"
              : "in force";
          b.append(String.format("    key %s  %s, %s%n", km.get("keyId"), from, state));
        }
      }
      b.append("members:\n");
      for (Object o : (List<Object>) j.get("members")) {
        Map<String, Object> m = (Map<String, Object>) o;
        b.append(String.format("  %s  gRPC %s  Raft %s  TLS certificate sha256 %s%s%n", m.get("name"), m.get("grpc"), m.get("raft"),
            m.get("tlsFingerprint"), m.get("addedAtIndex") == null ? "" : "  added at index " + m.get("addedAtIndex")));
      }
      Map<String, Object> policy = (Map<String, Object>) j.get("policy");
      b.append("policy:").append(Boolean.TRUE.equals(policy.get("builtIn")) ? " built-in table" : "").append('\n');
      for (Object r : (List<Object>) policy.get("rules")) {
        b.append("  ").append(r).append('\n');
      }
      b.append("changes:\n");
      for (Object o : (List<Object>) j.get("changes")) {
        Map<String, Object> c = (Map<String, Object>) o;
        b.append(String.format("  index %s  %s: %s  (signed by %s)%n", c.get("index"), c.get("kind"), c.get("description"),
            c.get("signers")));
      }
      return b.toString();
    }
  }

  @Command(name = "propose", mixinStandardHelpOptions = true, header = "Writes a proposal file for one change.",
      description = {"Writes a proposal file for one registry change, bound to this ledger (its",
          "origin) and to the registry in force (its index, read from the node), with a",
          "fresh nonce. Nobody has signed it yet: pass it to the governing organisations",
          "for 'baytrace registry sign'. Give exactly one change:",
          "  --add-org ID --name NAME --role ROLE... [--gs1-prefix P...]",
          "            --public-key KEY...",
          "  --add-key ORG --public-key KEY",
          "  --retire-key ORG --public-key KEY [--reason TEXT]",
          "  --revoke-key ORG --public-key KEY --reason TEXT",
          "  --set-roles ORG --role ROLE...",
          "  --set-prefixes ORG --gs1-prefix P...",
          "  --set-threshold K",
          "  --add-member NAME --verifier-key KEY --grpc HOST:PORT --raft HOST:PORT",
          "            --member-cert FILE | --tls-fingerprint SHA256",
          "  --remove-member NAME",
          "  --adopt-config NODE.toml   (an existing ledger's first registry: a member's own)",
          "  --genesis NODE.toml        (a new ledger's entry 0: the founding registry of",
          "                              NODE.toml; offline, no node is asked)",
          "KEY: a public key file (FILE.pub of 'baytrace keygen') or the key in base64."})
  static final class Propose implements Callable<Integer> {
    @Mixin TargetOption target;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Proposal file to write.")
    Path out;

    @Option(names = "--summary", defaultValue = "", paramLabel = "TEXT", description = "One line saying why, for the signers.")
    String summary;

    @Option(names = "--add-org", paramLabel = "ID", description = "Add an organisation.") String addOrg;
    @Option(names = "--add-key", paramLabel = "ORG", description = "Add a key to an organisation.") String addKey;
    @Option(names = "--retire-key", paramLabel = "ORG", description = "Retire a key (rotated out).") String retireKey;
    @Option(names = "--revoke-key", paramLabel = "ORG", description = "Revoke a key (compromised); needs --reason.") String revokeKey;
    @Option(names = "--set-roles", paramLabel = "ORG", description = "Set an organisation's roles to --role ....") String setRoles;
    @Option(names = "--set-prefixes", paramLabel = "ORG", description = "Set an organisation's GS1 company prefixes.") String setPrefixes;
    @Option(names = "--set-threshold", paramLabel = "K", description = "How many governing organisations must sign a change.") Integer setThreshold;
    @Option(names = "--add-member", paramLabel = "NAME", description = "Add a member node (its node.name).") String addMember;
    @Option(names = "--remove-member", paramLabel = "NAME", description = "Remove a member node.") String removeMember;
    @Option(names = "--adopt-config", paramLabel = "NODE.toml", description = "Adopt this member configuration's registry (first governance record).") Path adoptConfig;
    @Option(names = "--genesis", paramLabel = "NODE.toml", description = "The genesis of a new ledger: this configuration's origin and founding registry"
        + " ([[orgs]], [[policy]], [[peers]], [governance]); offline. Name the signed file in [governance] genesis.") Path genesisConfig;

    @Option(names = "--name", paramLabel = "NAME", description = "With --add-org: the organisation's name.") String name;
    @Option(names = "--role", paramLabel = "ROLE", description = "With --add-org, --set-roles (repeatable): customs, producer, carrier, barge_operator, port, lab,"
        + " auditor, operator, packer, processor.")
    List<String> roles = new ArrayList<>();
    @Option(names = "--gs1-prefix", paramLabel = "PREFIX", description = "With --add-org, --set-prefixes (repeatable).")
    List<String> prefixes = new ArrayList<>();
    @Option(names = "--public-key", paramLabel = "KEY", description = "With --add-org (repeatable), --add-key, --retire-key, --revoke-key.")
    List<String> publicKeys = new ArrayList<>();
    @Option(names = "--reason", paramLabel = "TEXT", description = "With --retire-key, --revoke-key.") String reason;
    @Option(names = "--verifier-key", paramLabel = "KEY", description = "With --add-member: the new member's checkpoint key:"
        + " the .pub file of its node key, or its verifier key (name+keyhash+base64).") String verifierKey;
    // Not --tls-cert: that is the client certificate this command presents to the node (TargetOption).
    @Option(names = "--member-cert", paramLabel = "FILE", description = "With --add-member: its Raft member certificate (PEM),"
        + " pinned by its SHA-256 fingerprint.") Path tlsCert;
    @Option(names = "--tls-fingerprint", paramLabel = "SHA256", description = "With --add-member, instead of --member-cert: the"
        + " certificate's fingerprint, as 'baytrace cert fingerprint FILE' prints it.") String tlsFingerprint;
    @Option(names = "--grpc", paramLabel = "HOST:PORT", description = "With --add-member: where other nodes reach its gRPC port.")
    String grpc;
    @Option(names = "--raft", paramLabel = "HOST:PORT", description = "With --add-member: its Raft server.") String raft;

    @Override
    public Integer call() throws Exception {
      long given = java.util.stream.Stream.of(addOrg, addKey, retireKey, revokeKey, setRoles, setPrefixes, setThreshold,
          addMember, removeMember, adoptConfig, genesisConfig).filter(java.util.Objects::nonNull).count();
      if (given != 1) {
        throw new CliException(BayTrace.USAGE, "give exactly one change (got " + given + "): --add-org, --add-key, --retire-key,"
            + " --revoke-key, --set-roles, --set-prefixes, --set-threshold, --add-member, --remove-member, --adopt-config or --genesis; see"
            + " 'baytrace registry propose --help'");
      }
      if (Files.exists(out)) {
        throw new CliException(BayTrace.USAGE, "--out: " + out + " exists; a new proposal goes to a new file (sign the existing"
            + " one with 'baytrace registry sign " + out + "')");
      }
      if (genesisConfig != null) {
        NodeConfig c = config("--genesis", genesisConfig);
        SignedProposal genesis = Genesis.propose(c.origin(), c.foundingRegistry(c.registry()), summary);
        ProposalFile.write(out, genesis);
        System.out.print(ProposalFile.describe(genesis));
        System.err.printf("baytrace: wrote %s; the founding organisations sign it with 'baytrace registry sign %s --org ORG"
            + " --key KEYFILE' (at least %s), then every member's configuration names it: [governance] genesis = \"%s\"%n",
            out, out, c.foundingRegistry(c.registry()).governance().describe(), out.getFileName());
        return BayTrace.OK;
      }
      ManagedChannel ch = target.channel();
      SignedProposal sp;
      try {
        LedgerRegistry lr = LedgerRegistry.read(ch);
        Proposal p;
        try {
          if (adoptConfig != null) {
            if (lr.state() != null && lr.state().adopted().isPresent()) {
              throw new CliException(BayTrace.FAILED, "ledger " + lr.origin() + " adopted its registry at index "
                  + lr.state().adoptedAt() + " already; propose a change to it instead");
            }
            p = Proposal.of(lr.origin(), Proposal.NO_REGISTRY, new Change.AdoptRegistry(foundingOf(adoptConfig)), summary);
          } else {
            Registry r = lr.inForce();
            Change change = change(r);
            change.applyTo(r, lr.state().version() + 1); // says now what the ledger would refuse
            p = Proposal.of(lr.origin(), lr.state().version(), change, summary);
          }
        } catch (InvalidValue e) {
          throw new CliException(BayTrace.USAGE, "this change cannot be made: " + e.getMessage());
        }
        sp = SignedProposal.unsigned(p);
      } catch (StatusRuntimeException e) {
        throw target.failure(e);
      } finally {
        TargetOption.close(ch);
      }
      ProposalFile.write(out, sp);
      System.out.print(ProposalFile.describe(sp));
      System.err.printf("baytrace: wrote %s; each governing organisation signs it with 'baytrace registry sign %s --org ORG"
          + " --key KEYFILE', then one submits it with 'baytrace registry submit %s'%n", out, out, out);
      return BayTrace.OK;
    }

    private Change change(Registry r) {
      if (addOrg != null) {
        require(name, "--add-org needs --name NAME");
        require(roles.isEmpty() ? null : roles, "--add-org needs at least one --role ROLE");
        require(publicKeys.isEmpty() ? null : publicKeys, "--add-org needs at least one --public-key KEY (the org's record key)");
        List<OrgKey> keys = publicKeys.stream().map(k -> OrgKey.of(ProposalFile.publicKey("--public-key", k))).toList();
        return new Change.AddOrg(new Org(addOrg, name, roles(), keys, prefixes, null));
      }
      if (addKey != null) {
        return new Change.AddKey(addKey, OrgKey.of(oneKey("--add-key")));
      }
      if (retireKey != null) {
        return new Change.EndKey(retireKey, oneKey("--retire-key"), false, reason == null ? "rotated" : reason);
      }
      if (revokeKey != null) {
        require(reason, "--revoke-key needs --reason TEXT (what happened: it is shown with every record the key signed)");
        return new Change.EndKey(revokeKey, oneKey("--revoke-key"), true, reason);
      }
      if (setRoles != null) {
        require(roles.isEmpty() ? null : roles, "--set-roles needs at least one --role ROLE");
        return new Change.SetOrgRoles(setRoles, roles());
      }
      if (setPrefixes != null) {
        return new Change.SetOrgPrefixes(setPrefixes, prefixes);
      }
      if (setThreshold != null) {
        return new Change.SetGovernance(new Governance(setThreshold, r.governance().orgs()));
      }
      if (addMember != null) {
        return new Change.AddMember(member(r));
      }
      return new Change.RemoveMember(removeMember);
    }

    /** The member --add-member describes, with the addresses and pins checked here rather than by the ledger. */
    private Member member(Registry r) {
      require(verifierKey, "--add-member needs --verifier-key KEY (the .pub file of the new member's node key)");
      require(grpc, "--add-member needs --grpc HOST:PORT (where the other nodes reach the new member's gRPC port)");
      require(raft, "--add-member needs --raft HOST:PORT (the new member's Raft server)");
      if (tlsCert != null && tlsFingerprint != null) {
        throw new CliException(BayTrace.USAGE, "--add-member: give --member-cert FILE or --tls-fingerprint SHA256, not both");
      }
      Optional<Fingerprint> pin = Optional.empty();
      if (tlsCert != null) {
        try {
          pin = Optional.of(Fingerprint.of(Pem.readCertificates(tlsCert).get(0)));
        } catch (IOException | RuntimeException e) {
          throw new CliException(BayTrace.USAGE, "--member-cert: " + tlsCert + " is not a PEM certificate: " + e.getMessage());
        }
      } else if (tlsFingerprint != null) {
        try {
          pin = Optional.of(Fingerprint.parse(tlsFingerprint));
        } catch (IllegalArgumentException e) {
          throw new CliException(BayTrace.USAGE, "--tls-fingerprint: " + e.getMessage());
        }
      } else if (r.members().stream().anyMatch(m -> m.tlsCertificate().isPresent())) {
        throw new CliException(BayTrace.USAGE, "--add-member needs --member-cert FILE or --tls-fingerprint SHA256: the members"
            + " pin each other's Raft certificates, and the new member's is admitted only if the registry pins it");
      }
      HostPort grpcAt = hostPort("--grpc", grpc);
      HostPort raftAt = hostPort("--raft", raft);
      for (Member m : r.members()) {
        if (m.raftAddress().equals(raftAt.toString()) || m.grpcAddress().equals(grpcAt.toString())) {
          throw new CliException(BayTrace.USAGE, "--add-member: member " + m.name() + " is at gRPC " + m.grpcAddress()
              + ", Raft " + m.raftAddress() + " already; want addresses of the new member's own");
        }
        if (pin.isPresent() && m.tlsCertificate().equals(pin)) {
          throw new CliException(BayTrace.USAGE, "--add-member: member " + m.name() + " pins that certificate already; each"
              + " member has a certificate of its own");
        }
      }
      return new Member(addMember, memberKey(), pin, grpcAt.toString(), raftAt.toString(), OrgKey.FOUNDING);
    }

    private NoteVerifier memberKey() {
      if (verifierKey.contains("+") && !Files.isRegularFile(Path.of(verifierKey))) {
        NoteVerifier v;
        try {
          v = NoteVerifier.parse(verifierKey);
        } catch (IllegalArgumentException e) {
          throw new CliException(BayTrace.USAGE, "--verifier-key: " + e.getMessage());
        }
        if (!v.name().equals(addMember)) {
          throw new CliException(BayTrace.USAGE, "--verifier-key: names key \"" + v.name() + "\", want the member name \""
              + addMember + "\" (the name it signs checkpoints with)");
        }
        return v;
      }
      return new NoteVerifier(addMember, ProposalFile.publicKey("--verifier-key", verifierKey));
    }

    private static HostPort hostPort(String option, String value) {
      try {
        HostPort h = HostPort.parse(value);
        if (h.port() == 0) {
          throw new IllegalArgumentException("port 0; want the port the member listens on");
        }
        return h;
      } catch (IllegalArgumentException e) {
        throw new CliException(BayTrace.USAGE, option + ": " + e.getMessage());
      }
    }

    private PublicKey oneKey(String option) {
      if (publicKeys.size() != 1) {
        throw new CliException(BayTrace.USAGE, option + " needs one --public-key KEY (got " + publicKeys.size() + ")");
      }
      return ProposalFile.publicKey("--public-key", publicKeys.get(0));
    }

    private Set<Role> roles() {
      Set<Role> out = new HashSet<>();
      for (String s : roles) {
        out.add(Role.fromTomlName(s).orElseThrow(() -> new CliException(BayTrace.USAGE, "--role: got \"" + s + "\", want one of "
            + Role.tomlNames())));
      }
      return out;
    }

    private static void require(Object value, String message) {
      if (value == null) {
        throw new CliException(BayTrace.USAGE, message);
      }
    }

    private static Registry foundingOf(Path config) {
      NodeConfig c = config("--adopt-config", config);
      return c.foundingRegistry(c.registry());
    }

    /** A member configuration that registers organisations. */
    private static NodeConfig config(String option, Path config) {
      try {
        NodeConfig c = NodeConfig.load(config);
        if (c.registry().isEmpty()) {
          throw new CliException(BayTrace.USAGE, option + ": " + config + " registers no organisation ([[orgs]]); an"
              + " embedded node without [[orgs]] signs its own genesis");
        }
        return c;
      } catch (ConfigException e) {
        throw new CliException(BayTrace.USAGE, option + ": " + e.getMessage());
      }
    }
  }

  @Command(name = "sign", mixinStandardHelpOptions = true, header = "Adds your organisation's signature to a proposal file (offline).",
      description = {"Checks a proposal file (well-formed, not altered, every signature valid),",
          "shows what it changes and adds this organisation's signature to it.",
          "Offline: no node is asked."})
  static final class Sign implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "Proposal file (from 'baytrace registry propose').")
    Path file;

    @Option(names = "--org", required = true, paramLabel = "ORG", description = "The signing governing organisation.")
    String org;

    @Option(names = {"-k", "--key"}, required = true, paramLabel = "KEYFILE",
        description = "That organisation's private key file (a passphrase-encrypted one asks, or reads $"
            + KeyFiles.PASSPHRASE_ENV + ").")
    Path keyFile;

    @Override
    public Integer call() {
      SignedProposal sp = ProposalFile.read(file);
      System.out.print(ProposalFile.describe(sp));
      for (ProposalSignature s : sp.signatures()) {
        if (s.org().equals(org)) {
          throw new CliException(BayTrace.FAILED, "org " + org + " has signed this proposal already (key " + s.key().keyId()
              + "); pass the file on to the next governing organisation, or submit it");
        }
      }
      SigningKey key = loadKey(keyFile);
      SignedProposal signed;
      try {
        signed = sp.signedBy(org, key);
      } catch (InvalidValue e) {
        throw new CliException(BayTrace.FAILED, e.getMessage());
      }
      ProposalFile.write(file, signed);
      System.out.printf("signed by:  %s (key %s)  <- added%n", org, key.publicKey().keyId());
      System.err.printf("baytrace: %s now carries %d signature(s); pass it on, or submit it with 'baytrace registry submit %s"
          + " --org ORG --key KEYFILE'%n", file, signed.signatures().size(), file);
      return BayTrace.OK;
    }
  }

  @Command(name = "submit", mixinStandardHelpOptions = true, header = "Submits a signed proposal file to the ledger.",
      description = {"Submits a signed proposal file as a governance record, signed by the",
          "submitting organisation's record key. Prints the index the change took effect",
          "at, or why the node refused it."})
  static final class Submit implements Callable<Integer> {
    @Mixin TargetOption target;

    @Parameters(index = "0", paramLabel = "FILE", description = "Proposal file, signed by enough governing organisations.")
    Path file;

    @Option(names = "--org", required = true, paramLabel = "ORG", description = "The submitting organisation (the record's author).")
    String org;

    @Option(names = {"-k", "--key"}, required = true, paramLabel = "KEYFILE", description = "That organisation's private key file.")
    Path keyFile;

    @Override
    public Integer call() throws Exception {
      SignedProposal sp = ProposalFile.read(file);
      System.out.print(ProposalFile.describe(sp));
      SigningKey key = loadKey(keyFile);
      byte[] record = GovernanceRecords.signedRecord(sp, org, key, System.currentTimeMillis());
      ManagedChannel ch = target.channel();
      AppendResponse[] answer = new AppendResponse[1];
      try (AppendClient client = new AppendClient(ch, 1)) {
        client.submit(1, record, r -> answer[0] = r);
        Status failure = client.finish(60);
        if (failure != null) {
          throw target.failure(failure.asRuntimeException());
        }
      } catch (StatusRuntimeException e) {
        throw target.failure(e);
      } finally {
        TargetOption.close(ch);
      }
      AppendResponse r = answer[0];
      if (r.hasAppended()) {
        System.out.printf("applied at index %d: %s%n", r.getAppended().getIndex(), sp.proposal().change().describe());
        return BayTrace.OK;
      }
      Status.Code code = Status.fromCodeValue(r.getError().getCode()).getCode();
      throw new CliException(BayTrace.FAILED, "the node refused the proposal: " + code + ": " + r.getError().getMessage()
          + ". " + nextStep(code, r.getError().getMessage()));
    }

    private String nextStep(Status.Code code, String message) {
      if (message.contains("base_index")) {
        return "The registry changed since the proposal was made: make a new one with 'baytrace registry propose' and have it signed again";
      }
      return switch (code) {
        case PERMISSION_DENIED -> "Collect more signatures of governing organisations ('baytrace registry sign " + file
            + " --org ORG --key KEYFILE'; 'baytrace registry show' lists who governs and how many must sign), or check --org and --key";
        case INVALID_ARGUMENT, FAILED_PRECONDITION -> "Nothing changed; check the proposal against 'baytrace registry show'";
        default -> "Nothing changed";
      };
    }
  }
}
