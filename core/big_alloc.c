/*
** core/big_alloc.c: large arrays with transparent huge pages advised
** (big_alloc.h).
*/
#define _DEFAULT_SOURCE /* madvise and MADV_HUGEPAGE, next to the build's _POSIX_C_SOURCE */
#include "big_alloc.h"

#include <stdint.h>
#include <stdlib.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

/* x86-64's and arm64's transparent huge page; only whole ones inside the array are advised. */
#define HUGE_PAGE_SIZE ((size_t)2 << 20)

static double *advise(double *p, size_t count) {
#if defined(MADV_HUGEPAGE)
    if (p && count * sizeof(double) >= 2 * HUGE_PAGE_SIZE) {
        uintptr_t from = ((uintptr_t)p + HUGE_PAGE_SIZE - 1) & ~(uintptr_t)(HUGE_PAGE_SIZE - 1);
        uintptr_t to = ((uintptr_t)p + count * sizeof(double)) & ~(uintptr_t)(HUGE_PAGE_SIZE - 1);
        if (to > from)
            madvise((void *)from, to - from, MADV_HUGEPAGE);
    }
#endif
    return p;
}

double *gp_big_calloc(size_t count) { return advise(calloc(count ? count : 1, sizeof(double)), count); }

double *gp_big_malloc(size_t count) {
    if (count > SIZE_MAX / sizeof(double))
        return NULL;
    return advise(malloc((count ? count : 1) * sizeof(double)), count);
}
