/* Focused check of the shim's pthread_cond_clockwait, run on the target architecture (under qemu here):
 *   test_clockwait path/to/libtd-clockwait.so
 * Loads the shim with dlopen and takes the function from that handle (not the C library's, which a
 * glibc >= 2.30 also has), then: a CLOCK_MONOTONIC and a CLOCK_REALTIME deadline 300 ms ahead time out
 * with ETIMEDOUT after 300 ms or more (and well before 3 s); a past deadline times out at once; a
 * signal from another thread wakes a 5 s wait early with 0; an unknown clock or a bad tv_nsec is
 * EINVAL. Where the C library has its own (glibc >= 2.30), the same cases run against it too. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef int (*clockwait_fn)(pthread_cond_t *, pthread_mutex_t *, clockid_t, const struct timespec *);
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static int signalled, failures;

static double now(clockid_t c) { struct timespec t; clock_gettime(c, &t); return t.tv_sec + t.tv_nsec / 1e9; }
static struct timespec ahead(clockid_t c, double s) {
    double t = now(c) + s; struct timespec r;
    r.tv_sec = (time_t)t; r.tv_nsec = (long)((t - (double)r.tv_sec) * 1e9);
    if (r.tv_nsec >= 1000000000L) { r.tv_sec++; r.tv_nsec -= 1000000000L; }
    if (r.tv_nsec < 0) r.tv_nsec = 0;
    return r;
}
static void *signaller(void *arg) {
    (void)arg; usleep(200000);
    pthread_mutex_lock(&mutex); signalled = 1; pthread_cond_signal(&cond); pthread_mutex_unlock(&mutex);
    return NULL;
}
static void expect(const char *who, const char *what, int got, int want, double took, double lo, double hi) {
    int ok = got == want && took >= lo && took <= hi;
    printf("%s %s: %s: returned %s after %.3f s (want %s in [%.2f, %.2f] s)\n", ok ? "ok  " : "FAIL", who, what,
           got == 0 ? "0" : strerror(got), took, want == 0 ? "0" : strerror(want), lo, hi);
    failures += !ok;
}
static void run(const char *who, clockwait_fn f) {
    clockid_t clocks[2] = {CLOCK_MONOTONIC, CLOCK_REALTIME};
    for (int i = 0; i < 2; i++) {
        const char *name = clocks[i] == CLOCK_MONOTONIC ? "CLOCK_MONOTONIC" : "CLOCK_REALTIME";
        char what[80];
        struct timespec d = ahead(clocks[i], 0.3);
        double t0 = now(CLOCK_MONOTONIC);
        pthread_mutex_lock(&mutex); int rc = f(&cond, &mutex, clocks[i], &d); pthread_mutex_unlock(&mutex);
        snprintf(what, sizeof what, "%s deadline 0.3 s ahead, no signal", name);
        expect(who, what, rc, ETIMEDOUT, now(CLOCK_MONOTONIC) - t0, 0.29, 3.0);

        d = ahead(clocks[i], -1.0); t0 = now(CLOCK_MONOTONIC);
        pthread_mutex_lock(&mutex); rc = f(&cond, &mutex, clocks[i], &d); pthread_mutex_unlock(&mutex);
        snprintf(what, sizeof what, "%s deadline 1 s past", name);
        expect(who, what, rc, ETIMEDOUT, now(CLOCK_MONOTONIC) - t0, 0.0, 0.25);

        pthread_t th; signalled = 0; d = ahead(clocks[i], 5.0); t0 = now(CLOCK_MONOTONIC);
        pthread_mutex_lock(&mutex);
        pthread_create(&th, NULL, signaller, NULL);
        rc = 0;
        while (!signalled && rc == 0) rc = f(&cond, &mutex, clocks[i], &d);
        pthread_mutex_unlock(&mutex); pthread_join(th, NULL);
        snprintf(what, sizeof what, "%s deadline 5 s ahead, signalled after 0.2 s", name);
        expect(who, what, rc, 0, now(CLOCK_MONOTONIC) - t0, 0.15, 3.0);
    }
    struct timespec d = ahead(CLOCK_MONOTONIC, 0.3);
    pthread_mutex_lock(&mutex);
    int rc = f(&cond, &mutex, CLOCK_PROCESS_CPUTIME_ID, &d);
    pthread_mutex_unlock(&mutex);
    expect(who, "CLOCK_PROCESS_CPUTIME_ID", rc, EINVAL, 0, 0, 1);
    d.tv_nsec = 1000000000L;
    pthread_mutex_lock(&mutex); rc = f(&cond, &mutex, CLOCK_MONOTONIC, &d); pthread_mutex_unlock(&mutex);
    expect(who, "tv_nsec = 1e9", rc, EINVAL, 0, 0, 1);
}
int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: %s libtd-clockwait.so\n", argv[0]); return 2; }
    void *h = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    clockwait_fn shim = h ? (clockwait_fn)dlsym(h, "pthread_cond_clockwait") : NULL;
    if (!shim) { fprintf(stderr, "cannot load the shim: %s\n", dlerror()); return 2; }
    Dl_info info;
    if (!dladdr((void *)shim, &info) || !strstr(info.dli_fname, "clockwait")) {
        fprintf(stderr, "pthread_cond_clockwait came from %s, not the shim\n", info.dli_fname); return 2;
    }
    run("shim", shim);
    clockwait_fn libc = (clockwait_fn)dlvsym(RTLD_DEFAULT, "pthread_cond_clockwait", "GLIBC_2.30");
    if (libc) run("glibc", libc); else printf("(this C library has no pthread_cond_clockwait of its own)\n");
    printf("%s\n", failures ? "clockwait check FAILED" : "clockwait check OK");
    return failures != 0;
}
