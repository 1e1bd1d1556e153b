/**
 * The agent's command line (picocli): parses flags and the seed system's environment variables, runs one
 * pipeline, prints one JSON summary; exit codes are API (docs/agent.md, "Backup agent").
 */
package dev.pistack.loomio.agent.cli;
