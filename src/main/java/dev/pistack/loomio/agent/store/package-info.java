/**
 * Backup names (ours and the seed system's) and the local-directory target: write to a hidden partial file,
 * fsync, rename atomically.
 */
package dev.pistack.loomio.agent.store;
