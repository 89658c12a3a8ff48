package org.baytrace.ledger.registry;

/**
 * A value that breaks a rule, with the configuration key it belongs to (relative to the value
 * being built, e.g. {@code id} inside an org). The configuration loader prefixes the key with where the value
 * sits in the file and turns it into its own exception; Java callers see an ordinary
 * {@link IllegalArgumentException} whose message is {@code key: problem}.
 */
public final class InvalidValue extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String problem;

  public InvalidValue(String key, String problem) {
    super(key + ": " + problem);
    this.key = key;
    this.problem = problem;
  }

  public String key() {
    return key;
  }

  public String problem() {
    return problem;
  }
}
