package org.baytrace.tracking.node.resolver;

import java.net.URI;
import org.baytrace.tracking.domain.gs1.DigitalLink;
import org.baytrace.tracking.node.pages.Lang;

/**
 * The resolver's URLs for one trace code, on this node: the page (HTML or JSON by content
 * negotiation), its link set, the receipts bundle, each entry's receipt, the QR images and the
 * static assets. Absolute for JSON and link sets, root-relative for the HTML page (so it works
 * behind any host name). Immutable.
 *
 * @param base the application's base URI, ending in {@code /}
 * @param codePath the canonical Digital Link path of the code, percent-encoded, without a leading
 *     {@code /} ({@code 01/09506000134352/10/DURIAN-0425})
 * @param absolute whether the URLs carry scheme and host
 */
record Links(URI base, String codePath, boolean absolute) {
  /** Where the resolver's own resources live, below the base. */
  static final String API = "v1/resolver/";

  static Links of(URI base, String canonicalDigitalLink, boolean absolute) {
    String path = canonicalDigitalLink.substring(DigitalLink.CANONICAL_ORIGIN.length() + 1);
    return new Links(base, path, absolute);
  }

  private String root() {
    return absolute ? base.toString() : base.getRawPath();
  }

  String page() {
    return root() + codePath;
  }

  String page(Lang lang) {
    return page() + "?lang=" + lang.code;
  }

  String linkset() {
    return page() + "?linkType=all";
  }

  String receipts() {
    return root() + API + "receipts/" + codePath;
  }

  /** The receipt of one entry against the tree size the page was checked at (0: the latest). */
  String receipt(long index, long treeSize) {
    return root() + "v1/ledger/receipt/" + index + (treeSize > 0 ? "?treeSize=" + treeSize : "");
  }

  /** The ledger's trust root as JSON (what the page's script checks against the code's). */
  String trustRoot() {
    return root() + API + "trust-root";
  }

  /** The one-request proofs of a page's entries (the page's script adds the query). */
  String proofs() {
    return root() + "v1/ledger/proofs";
  }

  String qrPng() {
    return root() + "qr/" + codePath + ".png";
  }

  String qrSvg() {
    return root() + "qr/" + codePath + ".svg";
  }

  String asset(String name) {
    return root() + API + "assets/" + name;
  }
}
