/**
 * The one artifact: {@link dev.pistack.loomio.Main} runs the operator, or the backup agent when the first
 * argument is {@code agent}.
 */
package dev.pistack.loomio;
