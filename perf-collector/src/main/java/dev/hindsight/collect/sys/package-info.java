/**
 * Layer perf-collector: facades over the Linux system calls the collector needs (ptrace, waitpid,
 * posix_spawn, process memory, /proc maps, perf_event_open), each turning -1 and errno into a
 * {@link dev.hindsight.collect.sys.SysCallException}.
 */
package dev.hindsight.collect.sys;
