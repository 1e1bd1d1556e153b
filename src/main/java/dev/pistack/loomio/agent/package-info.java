/**
 * The backup agent: streaming, encrypted PostgreSQL backups to a local directory and Google Drive, restore of
 * the newest authentic one, retention. Runs as a CLI in CronJob pods and init containers; never starts Quarkus or
 * talks to Kubernetes. Secrets never appear in its output, logs or exceptions.
 */
package dev.pistack.loomio.agent;
