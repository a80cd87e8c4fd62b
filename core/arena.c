/*
** core/arena.c: a bump allocator over a list of large chunks (arena.h).
**
** Each chunk is one malloc: a header, then the blocks. The arena bumps an
** offset in the newest chunk; when a request does not fit it starts a new
** chunk (GP_ARENA_CHUNK_SIZE, or the request's own size when larger). The
** space left in the previous chunk is abandoned: with 1 MiB chunks and blocks
** of a few KiB at most that waste is small. A request larger than a quarter
** of a chunk gets a chunk of its own, linked behind the current one, so a big
** array does not throw away the current chunk's free space.
*/
#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Every block starts at a multiple of this. */
#define ARENA_ALIGN (alignof(max_align_t))
/* Requests above this get a chunk of their own. */
#define ARENA_BIG_REQUEST (GP_ARENA_CHUNK_SIZE / 4)

typedef struct chunk {
    struct chunk *next;
    size_t size; /* usable bytes after the header */
    size_t used;
} chunk;

/* The header rounded up so the first block is aligned. */
#define CHUNK_HEADER ((sizeof(chunk) + ARENA_ALIGN - 1) / ARENA_ALIGN * ARENA_ALIGN)

struct gp_arena {
    chunk *head; /* the chunk being bumped; older chunks follow it */
    size_t bytes;
};

static unsigned char *chunk_data(chunk *c) { return (unsigned char *)c + CHUNK_HEADER; }

static chunk *chunk_new(gp_arena *a, size_t size) {
    if (size > SIZE_MAX - CHUNK_HEADER)
        return NULL;
    chunk *c = malloc(CHUNK_HEADER + size);
    if (!c)
        return NULL;
    c->next = NULL;
    c->size = size;
    c->used = 0;
    a->bytes += CHUNK_HEADER + size;
    return c;
}

gp_arena *gp_arena_new(void) {
    gp_arena *a = calloc(1, sizeof *a);
    return a;
}

void gp_arena_free(gp_arena *a) {
    if (!a)
        return;
    chunk *c = a->head;
    while (c) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    free(a);
}

void *gp_arena_alloc(gp_arena *a, size_t size) {
    if (size > SIZE_MAX - ARENA_ALIGN)
        return NULL;
    size_t rounded = (size + ARENA_ALIGN - 1) / ARENA_ALIGN * ARENA_ALIGN;
    if (rounded == 0)
        rounded = ARENA_ALIGN;
    chunk *c = a->head;
    if (c && c->size - c->used >= rounded) {
        void *p = chunk_data(c) + c->used;
        c->used += rounded;
        return p;
    }
    if (rounded > ARENA_BIG_REQUEST) {
        chunk *big = chunk_new(a, rounded);
        if (!big)
            return NULL;
        big->used = rounded;
        if (c) { /* behind the current chunk, which keeps its free space */
            big->next = c->next;
            c->next = big;
        } else {
            a->head = big;
        }
        return chunk_data(big);
    }
    chunk *fresh = chunk_new(a, GP_ARENA_CHUNK_SIZE);
    if (!fresh)
        return NULL;
    fresh->next = c;
    a->head = fresh;
    fresh->used = rounded;
    return chunk_data(fresh);
}

void *gp_arena_calloc(gp_arena *a, size_t n, size_t size) {
    if (size && n > SIZE_MAX / size)
        return NULL;
    void *p = gp_arena_alloc(a, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

char *gp_arena_strndup(gp_arena *a, const char *s, size_t len) {
    if (len == SIZE_MAX)
        return NULL;
    char *p = gp_arena_alloc(a, len + 1);
    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *gp_arena_strdup(gp_arena *a, const char *s) { return gp_arena_strndup(a, s, strlen(s)); }

size_t gp_arena_bytes(const gp_arena *a) { return a ? a->bytes : 0; }
