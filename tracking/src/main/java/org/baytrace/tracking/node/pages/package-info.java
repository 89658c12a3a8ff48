/**
 * What every page for people shares: the languages ({@link org.baytrace.tracking.node.pages.Lang}:
 * English, simplified Chinese, traditional Chinese as written in Hong Kong and Macao, chosen by
 * {@code ?lang=} or {@code Accept-Language}) with their messages (one properties bundle per
 * language beside these classes, the one place for every text a page shows), and the page
 * skeleton with its header, language switcher, footer and the one stylesheet ({@link
 * org.baytrace.tracking.node.pages.PageLayout}). The consumer page, the landing page and the
 * profiles' pages (custody, voyage, clearance report) build only their main content. Depends on
 * no profile and no other node package, so every page may use it. Immutable; thread-safe.
 */
package org.baytrace.tracking.node.pages;
