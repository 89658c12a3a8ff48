package org.baytrace.tracking.domain.customs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.baytrace.tracking.domain.common.Fields;
import org.baytrace.tracking.domain.common.Quoted;

/** A declaration's subject: {@code urn:baytrace:customs:declaration:{customs-org-id}:{number}}. Immutable. */
public record DeclarationSubject(String customsOrg, String number, String urn) {
  public static final String PREFIX = "urn:baytrace:customs:declaration:";
  private static final Pattern URN = Pattern.compile(Pattern.quote(PREFIX) + "([a-z0-9][a-z0-9-]{0,62}):([A-Z0-9][A-Z0-9-]{0,39})");

  public static DeclarationSubject of(String customsOrg, String number) {
    return new DeclarationSubject(customsOrg, number, PREFIX + customsOrg + ":" + number);
  }

  /** Reads the subject, or INVALID_FIELD naming {@code field}. */
  public static DeclarationSubject parse(String field, String urn) {
    Matcher m = URN.matcher(urn);
    if (!m.matches()) {
      throw Fields.invalid(field + ": got " + Quoted.of(urn) + ", want " + PREFIX
          + "{customs-org-id}:{declaration-number of A-Z, 0-9 and -}");
    }
    return new DeclarationSubject(m.group(1), m.group(2), urn);
  }
}
