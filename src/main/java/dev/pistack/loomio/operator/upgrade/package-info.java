/**
 * Loomio releases: the migration Jobs and their outcome, the backup taken before a migration, the release the app
 * tier runs (pinned to the digest its migration ran), moving image tags. Pure functions of the instance and its
 * Jobs. Imports the API, {@code kube}, {@code desired} and {@code dependent}.
 */
package dev.pistack.loomio.operator.upgrade;
