/*
** core/nameset.c: open addressing with linear probing, at most half full, so
** a probe sequence stays short (nameset.h).
*/
#include "nameset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The smallest table, in slots. */
#define NAMESET_MIN_SLOTS 16

/* FNV-1a: short names, few collisions, no setup. */
static size_t hash_name(const char *s) {
    uint64_t h = 14695981039346656037ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return (size_t)(h ^ (h >> 32));
}

bool gp_nameset_init(gp_nameset *s, size_t expected) {
    size_t slots = NAMESET_MIN_SLOTS;
    s->names = NULL;
    s->index = NULL;
    while (slots / 2 < expected) {
        if (slots > SIZE_MAX / 4 / sizeof(size_t))
            return false;
        slots *= 2;
    }
    s->mask = slots - 1;
    s->names = calloc(slots, sizeof *s->names);
    s->index = malloc(slots * sizeof *s->index);
    return s->names && s->index;
}

void gp_nameset_free(gp_nameset *s) {
    free(s->names);
    free(s->index);
    s->names = NULL;
    s->index = NULL;
}

size_t gp_nameset_add(gp_nameset *s, const char *name, size_t index) {
    size_t i = hash_name(name) & s->mask;
    while (s->names[i]) {
        if (strcmp(s->names[i], name) == 0)
            return s->index[i];
        i = (i + 1) & s->mask;
    }
    s->names[i] = name;
    s->index[i] = index;
    return GP_NAMESET_NEW;
}
