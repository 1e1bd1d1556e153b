/**
 * Which backups to keep: restic-style last/hourly/daily/weekly/monthly buckets in UTC. Pure; manual, final and
 * foreign backups and the newest authentic one are never pruned.
 */
package dev.pistack.loomio.agent.retention;
