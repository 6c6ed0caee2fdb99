/*
 * The libipt reference for `hindsight bench flow`: decodes a trace with libipt's own block or
 * instruction decoder, natively (no JNA), the way ptxed's loop does, and prints the counts and
 * the median, min and max wall time of the timed runs in nanoseconds.
 *
 * usage: libipt-flow TRACE block|insn WARMUP RUNS FAMILY MODEL STEPPING [FILE OFFSET SIZE VADDR]...
 * (FAMILY -1: no cpu, no errata.)  Output: "insns blocks errors median min max".
 */
#include <intel-pt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct counts { uint64_t insns, blocks, errors; };

static uint8_t *load(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f) { perror(path); exit(1); }
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	uint8_t *buf = malloc(n > 0 ? n : 1);
	if (!buf || fread(buf, 1, n, f) != (size_t) n) { fprintf(stderr, "%s: read error\n", path); exit(1); }
	fclose(f);
	*size = n;
	return buf;
}

static struct counts decode_blocks(const struct pt_config *config, struct pt_image *image)
{
	struct counts c = {0, 0, 0};
	struct pt_block_decoder *d = pt_blk_alloc_decoder(config);
	struct pt_block block;
	struct pt_event event;
	uint64_t sync = 0, at;
	pt_blk_set_image(d, image);
	for (;;) {
		int status = pt_blk_sync_forward(d);
		if (status < 0) {
			if (status == -pte_eos) break;
			c.errors++;
			if (pt_blk_get_offset(d, &at) < 0 || at <= sync) break;
			sync = at;
			continue;
		}
		for (;;) {
			while (status & pts_event_pending) {
				status = pt_blk_event(d, &event, sizeof(event));
				if (status < 0) break;
			}
			if (status < 0 || (status & pts_eos)) break;
			status = pt_blk_next(d, &block, sizeof(block));
			if (status >= 0 || block.ninsn) { c.insns += block.ninsn; c.blocks++; }
			if (status < 0) break;
		}
		if (status == -pte_eos || (status >= 0 && (status & pts_eos))) break;
		c.errors++;
	}
	pt_blk_free_decoder(d);
	return c;
}

static struct counts decode_insns(const struct pt_config *config, struct pt_image *image)
{
	struct counts c = {0, 0, 0};
	struct pt_insn_decoder *d = pt_insn_alloc_decoder(config);
	struct pt_insn insn;
	struct pt_event event;
	uint64_t sync = 0, at;
	pt_insn_set_image(d, image);
	for (;;) {
		int status = pt_insn_sync_forward(d);
		if (status < 0) {
			if (status == -pte_eos) break;
			c.errors++;
			if (pt_insn_get_offset(d, &at) < 0 || at <= sync) break;
			sync = at;
			continue;
		}
		for (;;) {
			while (status & pts_event_pending) {
				status = pt_insn_event(d, &event, sizeof(event));
				if (status < 0) break;
			}
			if (status < 0 || (status & pts_eos)) break;
			status = pt_insn_next(d, &insn, sizeof(insn));
			if (status < 0) { if (insn.iclass != ptic_error) c.insns++; break; }
			c.insns++;
		}
		if (status == -pte_eos || (status >= 0 && (status & pts_eos))) break;
		c.errors++;
	}
	pt_insn_free_decoder(d);
	return c;
}

static int cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *) a, y = *(const uint64_t *) b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc < 8 || (argc - 8) % 4) {
		fprintf(stderr, "usage: %s TRACE block|insn WARMUP RUNS FAMILY MODEL STEPPING [FILE OFFSET SIZE VADDR]...\n", argv[0]);
		return 2;
	}
	size_t size;
	uint8_t *trace = load(argv[1], &size);
	int block = strcmp(argv[2], "block") == 0;
	int warmup = atoi(argv[3]), runs = atoi(argv[4]);
	struct pt_config config;
	pt_config_init(&config);
	config.begin = trace;
	config.end = trace + size;
	if (atoi(argv[5]) >= 0) {
		config.cpu.vendor = pcv_intel;
		config.cpu.family = (uint16_t) atoi(argv[5]);
		config.cpu.model = (uint8_t) atoi(argv[6]);
		config.cpu.stepping = (uint8_t) atoi(argv[7]);
		if (pt_cpu_errata(&config.errata, &config.cpu) < 0) { fprintf(stderr, "unknown cpu\n"); return 1; }
	}
	struct pt_image *image = pt_image_alloc("bench");
	for (int i = 8; i < argc; i += 4) {
		int st = pt_image_add_file(image, argv[i], strtoull(argv[i + 1], NULL, 0),
				strtoull(argv[i + 2], NULL, 0), NULL, strtoull(argv[i + 3], NULL, 0));
		if (st < 0) { fprintf(stderr, "%s: %s\n", argv[i], pt_errstr(pt_errcode(st))); return 1; }
	}
	uint64_t *ns = calloc(runs > 0 ? runs : 1, sizeof(*ns));
	struct counts c = {0, 0, 0};
	for (int i = 0; i < warmup + runs; i++) {
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		c = block ? decode_blocks(&config, image) : decode_insns(&config, image);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (i >= warmup)
			ns[i - warmup] = (uint64_t) (t1.tv_sec - t0.tv_sec) * 1000000000u + (uint64_t) (t1.tv_nsec - t0.tv_nsec);
	}
	qsort(ns, runs, sizeof(*ns), cmp);
	printf("%" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 "\n",
	       c.insns, c.blocks, c.errors, ns[runs / 2], ns[0], ns[runs - 1]);
	pt_image_free(image);
	free(trace);
	return 0;
}
