/*
** core/arena.h (private): the bump allocator that owns every allocation of a
** plan.
**
** A loaded plan is built once and freed at once, and holds many small pieces
** (ids, names, one schedule array per field per group: about 100,000 arrays for
** the benchmark plan). An arena makes each allocation a pointer bump and the
** free one walk over a few large chunks, and it means a loader that fails half
** way frees everything with one call.
**
** Ownership: the arena owns every block it hands out; blocks are never freed
** one by one, only all together by gp_arena_free(). Blocks are aligned for any
** object (max_align_t), so doubles and structs can live in them.
*/
#ifndef GP_ARENA_H
#define GP_ARENA_H

#include <stddef.h>

/* Bytes of a normal chunk; a larger request gets a chunk of its own. */
#define GP_ARENA_CHUNK_SIZE (1u << 20)

typedef struct gp_arena gp_arena;

/** A new empty arena, or NULL on out-of-memory. Free it with gp_arena_free(). */
gp_arena *gp_arena_new(void);
/** Release the arena and every block it handed out; NULL is a no-op. */
void gp_arena_free(gp_arena *a);

/** `size` uninitialised bytes (a distinct block even when size is 0), or NULL on out-of-memory. */
void *gp_arena_alloc(gp_arena *a, size_t size);
/** `n * size` zeroed bytes, or NULL on out-of-memory or overflow. */
void *gp_arena_calloc(gp_arena *a, size_t n, size_t size);
/** A copy of the `len` bytes at `s` with a NUL after them, or NULL on out-of-memory. */
char *gp_arena_strndup(gp_arena *a, const char *s, size_t len);
/** A copy of the NUL-terminated `s`, or NULL on out-of-memory. */
char *gp_arena_strdup(gp_arena *a, const char *s);

/** Bytes obtained from malloc so far (chunks and headers), for the benchmark's memory figure. */
size_t gp_arena_bytes(const gp_arena *a);

#endif
