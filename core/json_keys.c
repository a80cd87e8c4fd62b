/*
** core/json_keys.c: the duplicate-key check of the strict JSON reader
** (json_keys.h).
*/
#include "json_keys.h"

#include <stdlib.h>
#include <string.h>

/* First size of the hash table, in slots (a power of two); it doubles at half full. */
#define KEYS_FIRST_SLOTS 1024
/* First size of the key stack. */
#define KEYS_FIRST_CAPACITY 256

/* Spread the FNV bits so the low bits that pick a slot depend on all of them (MurmurHash3's finaliser). */
static size_t slot_of(uint32_t h, size_t mask) {
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h & mask;
}

/* Rebuild the table at twice the size, inserting the keys in their original order. */
static bool grow_table(gp_json_keys *ks) {
    size_t n = ks->nslots ? ks->nslots * 2 : KEYS_FIRST_SLOTS;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < ks->count; i++) {
        size_t s = slot_of(ks->keys[i].hash, n - 1);
        while (slots[s])
            s = (s + 1) & (n - 1);
        slots[s] = (uint32_t)(i + 1);
        ks->keys[i].slot = s;
    }
    free(ks->slots);
    ks->slots = slots;
    ks->nslots = n;
    return true;
}

static bool grow_stack(gp_json_keys *ks) {
    size_t cap = ks->capacity ? ks->capacity * 2 : KEYS_FIRST_CAPACITY;
    gp_json_key *keys = realloc(ks->keys, cap * sizeof *keys);
    if (!keys)
        return false;
    ks->keys = keys;
    ks->capacity = cap;
    return true;
}

static bool same_key(gp_json_keys *ks, const gp_json_key *x, const gp_json_key *y) {
    if (!x->escaped && !y->escaped)
        return x->len == y->len && memcmp(x->raw, y->raw, x->len) == 0;
    gp_json_decode(x->raw, x->len, &ks->a);
    gp_json_decode(y->raw, y->len, &ks->b);
    return ks->a.len == ks->b.len && memcmp(gp_json_buf_text(&ks->a), gp_json_buf_text(&ks->b), ks->a.len) == 0;
}

const gp_json_key *gp_json_keys_add(gp_json_keys *ks, size_t base, const gp_json_key *k, bool *nomem) {
    if (((ks->count + 1) * 2 > ks->nslots && !grow_table(ks)) ||
        (ks->count == ks->capacity && !grow_stack(ks))) {
        *nomem = true;
        return NULL;
    }
    size_t mask = ks->nslots - 1, s = slot_of(k->hash, mask);
    for (; ks->slots[s]; s = (s + 1) & mask) {
        size_t i = ks->slots[s] - 1;
        const gp_json_key *o = &ks->keys[i];
        /* Keys below base belong to enclosing objects: the same name there is no duplicate. */
        if (i >= base && o->hash == k->hash && same_key(ks, o, k))
            return o;
    }
    if (ks->a.failed || ks->b.failed) {
        *nomem = true;
        return NULL;
    }
    ks->keys[ks->count] = *k;
    ks->keys[ks->count].slot = s;
    ks->slots[s] = (uint32_t)++ks->count;
    return NULL;
}

void gp_json_keys_pop(gp_json_keys *ks, size_t base) {
    while (ks->count > base) {
        ks->count--;
        ks->slots[ks->keys[ks->count].slot] = 0;
    }
}

void gp_json_keys_free(gp_json_keys *ks) {
    free(ks->keys);
    free(ks->slots);
    gp_json_buf_free(&ks->a);
    gp_json_buf_free(&ks->b);
    memset(ks, 0, sizeof *ks);
}
