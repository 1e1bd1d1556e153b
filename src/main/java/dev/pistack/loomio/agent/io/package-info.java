/**
 * Small stream helpers the pipelines share.
 */
package dev.pistack.loomio.agent.io;
