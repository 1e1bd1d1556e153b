/**
 * On-demand backups: the LoomioBackup controller, the pure function that moves a LoomioBackup from Pending to
 * Completed or Failed, and its status writer.
 */
package dev.pistack.loomio.operator.backup;
