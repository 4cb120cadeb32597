/*
 * How long a woken task waits for a core that background work holds, without Triad in the way.
 *
 *   wake-latency [SAMPLES]   a sleeper on core 1 is woken through a pipe every millisecond from
 *                            core 0; prints the wait from the write to its read, in microseconds
 *   wake-latency --spin      background load that never sleeps
 *   wake-latency --burst     background load that computes about a millisecond, then sleeps 50 us
 *
 * Start the load at the priority to compare, e.g. `chrt --idle 0 ./wake-latency --burst &`, then
 * the probe. Build: cc -O1 -o wake-latency bench/probes/wake-latency.c. See docs/benchmarks.md.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double microseconds(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec * 1e6 + now.tv_nsec / 1e3;
}

static void pin_to(int core) {
  cpu_set_t cores;
  CPU_ZERO(&cores);
  CPU_SET(core, &cores);
  sched_setaffinity(0, sizeof cores, &cores);
}

static void compute(long iterations) {
  for (volatile long i = 0; i < iterations; i++) {
  }
}

static int ascending(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--spin") == 0)
    for (;;) compute(1000000000L);
  if (argc > 1 && strcmp(argv[1], "--burst") == 0)
    for (;;) {
      compute(1000000L);
      usleep(50);
    }
  int samples = argc > 1 ? atoi(argv[1]) : 3000;
  if (samples < 10) {
    fprintf(stderr, "usage: wake-latency [SAMPLES >= 10] | --spin | --burst\n");
    return 2;
  }
  int channel[2];
  if (pipe(channel) != 0) return 1;
  if (fork() == 0) {
    pin_to(1);
    double *waits = malloc(samples * sizeof *waits);
    for (int i = 0; i < samples; i++) {
      double sent;
      if (read(channel[0], &sent, sizeof sent) != sizeof sent) return 1;
      waits[i] = microseconds() - sent;
    }
    qsort(waits, samples, sizeof *waits, ascending);
    printf("wake latency us: p50 %.1f p90 %.1f p99 %.1f p99.9 %.1f max %.1f\n", waits[samples / 2],
           waits[samples * 9 / 10], waits[samples * 99 / 100], waits[samples * 999 / 1000], waits[samples - 1]);
    return 0;
  }
  pin_to(0);
  for (int i = 0; i < samples; i++) {
    usleep(1000);
    double sent = microseconds();
    if (write(channel[1], &sent, sizeof sent) != sizeof sent) return 1;
  }
  wait(NULL);
  return 0;
}
