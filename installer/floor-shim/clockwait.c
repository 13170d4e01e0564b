/* pthread_cond_clockwait (glibc 2.30) for systems with glibc 2.28 (Kylin V10 / UOS 20 arm64).
 * PySide6's aarch64 Qt libraries call it; installer/floor-patch.sh adds this library to their DT_NEEDED
 * and clears the symbol's GLIBC_2.30 version, so the loader binds to the C library's own function where
 * it exists (glibc >= 2.30, found first in the global scope) and to this one elsewhere.
 * Implemented over pthread_cond_timedwait, whose deadline is CLOCK_REALTIME (the condition variables
 * Qt waits on with clockwait are initialised with default attributes): a CLOCK_MONOTONIC deadline is
 * turned into the same distance from now on the real-time clock. Any other clock is EINVAL, as in glibc. */
#include <errno.h>
#include <pthread.h>
#include <time.h>

__attribute__((visibility("default")))
int pthread_cond_clockwait(pthread_cond_t *cond, pthread_mutex_t *mutex, clockid_t clockid,
                           const struct timespec *abstime)
{
    struct timespec now_clock, now_real, deadline;
    if (abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000L) return EINVAL;
    if (clockid == CLOCK_REALTIME) return pthread_cond_timedwait(cond, mutex, abstime);
    if (clockid != CLOCK_MONOTONIC) return EINVAL;
    if (clock_gettime(CLOCK_MONOTONIC, &now_clock) != 0 || clock_gettime(CLOCK_REALTIME, &now_real) != 0)
        return EINVAL;
    long long rem_ns = (long long)(abstime->tv_sec - now_clock.tv_sec) * 1000000000LL
                       + (abstime->tv_nsec - now_clock.tv_nsec);
    if (rem_ns < 0) rem_ns = 0;  /* already past: a timed wait with a past deadline returns ETIMEDOUT */
    long long ns = (long long)now_real.tv_nsec + rem_ns % 1000000000LL;
    deadline.tv_sec = now_real.tv_sec + (time_t)(rem_ns / 1000000000LL) + (time_t)(ns / 1000000000LL);
    deadline.tv_nsec = (long)(ns % 1000000000LL);
    return pthread_cond_timedwait(cond, mutex, &deadline);
}
