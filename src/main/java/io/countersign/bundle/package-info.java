/**
 * Evidence bundles: a zip with a stored document, its receipt and the evidence of its
 * verification, laid out like an ASiC-E container (ETSI EN 319 162-1) so that a third party can
 * check it offline.
 *
 * <p>The layout and the reader are shared by the server, which writes bundles, and the
 * command-line tool, which verifies them. The reader trusts nothing in a bundle: it limits sizes
 * and entry counts, and every signature and digest is checked by the verifier afterwards.
 */
package io.countersign.bundle;
