/**
 * Fernet (spec: github.com/fernet/spec) as constant-memory streams, keys as 44 base64url characters or the seed
 * system's PBKDF2 passphrase derivation. Readers release no plaintext before the HMAC matched.
 */
package dev.pistack.loomio.agent.crypto;
