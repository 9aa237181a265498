/**
 * One class per subcommand of {@code otto}: {@code demo}, {@code train jko|interp|prox} (sharing
 * {@code FamilyTraining}), {@code sample}, {@code eval}, {@code ot emd|sinkhorn}, {@code verify}.
 */
package dev.otto.cli.commands;
