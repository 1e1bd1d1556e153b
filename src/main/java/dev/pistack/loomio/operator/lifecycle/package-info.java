/**
 * Planned stops that lose no row: hibernation, the planned restart, the switch between RAM and disk, and the final
 * backup taken before a delete; their state machine (pure), the observer that feeds it, and the status view of a stop
 * in progress. Imports the API, {@code kube}, {@code desired}, {@code dependent} and {@code memory} (the database's size decides whether
 * a switch to RAM fits).
 */
package dev.pistack.loomio.operator.lifecycle;
