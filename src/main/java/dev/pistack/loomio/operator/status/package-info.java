/**
 * Status: pure functions from what was observed (informer caches) to conditions, and the typed vocabulary of
 * condition types and reasons, which is API.
 */
package dev.pistack.loomio.operator.status;
