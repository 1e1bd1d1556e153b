/**
 * pg_dump and psql as child processes: plain dumps in, all-or-nothing single-transaction restores out, and the
 * dump-complete trailer check that tells a whole dump from a truncated one.
 */
package dev.pistack.loomio.agent.dump;
