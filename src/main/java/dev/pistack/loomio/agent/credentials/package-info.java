/**
 * The instance's credentials Secret as a copy kept on every backup target: sealed with the backup key beside the
 * backups, so a new cluster can take the same Secret back instead of generating new values.
 */
package dev.pistack.loomio.agent.credentials;
