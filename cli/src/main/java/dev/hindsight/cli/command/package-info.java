/**
 * Layer {@code cli}: one picocli command class per {@code hindsight} subcommand. Commands only
 * parse options and call the decoder layers; they print through the root command's streams.
 */
package dev.hindsight.cli.command;
