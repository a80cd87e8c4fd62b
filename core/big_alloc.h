/*
** core/big_alloc.h (private): memory for the large arrays a run fills once,
** front to back: a result's slab, the Monte Carlo store.
**
** A large allocation is fresh memory from the system, which costs a page
** fault per 4 kB page on first touch. On Linux these arrays ask for
** transparent huge pages (2 MB) instead: the benchmark plan's model takes
** less than half the time, and the Monte Carlo store, written a cell at a
** time across iterations, stops missing the TLB on every figure. The advice
** is only a hint: where huge pages are unavailable the memory works as
** before. Free it with free().
*/
#ifndef GP_BIG_ALLOC_H
#define GP_BIG_ALLOC_H

#include <stddef.h>

/** `count` zeroed doubles (at least one), huge pages advised; NULL on out-of-memory. */
double *gp_big_calloc(size_t count);
/** `count` uninitialised doubles (at least one), huge pages advised; NULL on out-of-memory or overflow. */
double *gp_big_malloc(size_t count);

#endif
