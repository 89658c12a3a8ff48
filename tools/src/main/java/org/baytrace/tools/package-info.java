/** The {@code baytrace} command line (picocli). Commands run on one thread unless they say so. */
package org.baytrace.tools;
