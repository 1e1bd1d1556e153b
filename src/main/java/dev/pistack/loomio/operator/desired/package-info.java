/**
 * Desired state: pure functions from a LoomioInstance to each child. No I/O, no clock, no randomness except what
 * the caller passes in, so the golden tests can pin every derived object. Imports only the API.
 */
package dev.pistack.loomio.operator.desired;
