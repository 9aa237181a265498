/**
 * The {@code otto} command line ({@link dev.otto.cli.Otto}): picocli commands in
 * {@code commands}, input and all-or-nothing output in {@code io}, the figures of a model in
 * {@code eval}, HTML/PNG/JSON reports (XChart) in {@code report}. The library modules know nothing of
 * this package; it is the only place picocli and XChart are used.
 */
package dev.otto.cli;
