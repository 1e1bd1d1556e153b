/**
 * Google Drive as a backup target through google-api-services-drive: resumable uploads, paged listing, ranged
 * downloads, one retry budget per operation; OAuth user credentials or a service account.
 */
package dev.pistack.loomio.agent.drive;
