/** Layer cli: one picocli command class per {@code hindsight} subcommand. */
package dev.hindsight.cli.command;
