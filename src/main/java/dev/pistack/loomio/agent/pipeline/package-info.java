/**
 * Backup (dump, gzip, Fernet, store, retention) and restore (newest authentic candidate, checked in full before
 * anything is applied). A failed backup never deletes an older one; a bad backup is never restored; an I/O
 * error is never a reason to restore something older.
 */
package dev.pistack.loomio.agent.pipeline;
