/*
** core/json_keys.h (private): the duplicate-key check of the strict JSON
** reader (json_strict.c).
**
** The keys of every open object sit on one stack, innermost object's last,
** with an open-addressing hash table over them. An object with 100,000 keys
** costs 100,000 probes, not 5 billion comparisons. Keys leave in the reverse
** of the order they came (an object closes before its parent), and removing
** the newest entry of a linear-probing table is exact, so no tombstones.
**
** Keys are compared by their decoded bytes, case-sensitively: "a" and
** "\u0061" are the same key; "Leaver_rate" and "leaver_rate" are not.
**
** Ownership: a gp_json_keys owns its arrays; gp_json_keys_free() releases
** them. A key points into the document text, which must outlive it.
*/
#ifndef GP_JSON_KEYS_H
#define GP_JSON_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "json_text.h"

/* FNV-1a over a key's decoded bytes; the reader feeds it byte by byte as it scans. */
#define GP_JSON_HASH_START 2166136261u
#define GP_JSON_HASH_PRIME 16777619u

static inline uint32_t gp_json_hash(uint32_t h, const unsigned char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * GP_JSON_HASH_PRIME;
    return h;
}

typedef struct gp_json_key {
    const unsigned char *raw; /* the key's text between its quotes, escapes as written */
    size_t len;
    uint32_t hash;            /* of the decoded bytes */
    int line;                 /* for "first at line N" */
    bool escaped;             /* raw holds escapes: compare decoded */
    size_t slot;              /* its place in the table */
} gp_json_key;

typedef struct gp_json_keys {
    gp_json_key *keys;
    size_t count, capacity;
    uint32_t *slots; /* key index + 1; 0 is empty */
    size_t nslots;
    gp_json_buf a, b; /* decoded keys being compared */
} gp_json_keys;

/*
** Add key k to the object whose keys start at index `base`. Returns NULL when
** it was added, or the earlier key of that object it repeats (k is then not
** added). Sets *nomem and returns NULL when memory runs out.
*/
const gp_json_key *gp_json_keys_add(gp_json_keys *ks, size_t base, const gp_json_key *k, bool *nomem);

/** Remove the keys from index `base` on: the object that owned them has closed. */
void gp_json_keys_pop(gp_json_keys *ks, size_t base);

void gp_json_keys_free(gp_json_keys *ks);

#endif
