/** Which off-site targets the environment (the backup Secret) turns on, and their settings. */
package dev.pistack.loomio.agent.offsite;
