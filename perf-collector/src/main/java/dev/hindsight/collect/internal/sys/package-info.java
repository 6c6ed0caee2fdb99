/**
 * Layer perf-collector, not API: the jnr-ffi bindings of the C library, copying the C
 * signatures, and their one-time loader.
 */
package dev.hindsight.collect.internal.sys;
