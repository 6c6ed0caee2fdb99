/**
 * Layer perf-collector: recording a live Linux process. The single-step engine, the software
 * branch recorder and the machine's recording capabilities.
 */
package dev.hindsight.collect;
