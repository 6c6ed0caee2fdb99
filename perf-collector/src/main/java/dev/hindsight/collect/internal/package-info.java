/** Layer perf-collector, not API: the single-step engine's bookkeeping. */
package dev.hindsight.collect.internal;
