/*
** core/nameset.h (private): a set of names for finding duplicates in a list
** (unit ids, group ids, line names) in linear time.
**
** The benchmark plan has 1,000 units: comparing each id with every other one
** would be half a million string comparisons, a hash set is a thousand
** look-ups. The set borrows the names (they must outlive it) and remembers,
** for each, the index of the list item it came from, so a duplicate can name
** the first occurrence.
**
** Ownership: gp_nameset_init allocates; gp_nameset_free releases (and may be
** called on a set whose init failed).
*/
#ifndef GP_NAMESET_H
#define GP_NAMESET_H

#include <stdbool.h>
#include <stddef.h>

/* Returned by gp_nameset_add for a name not seen before. */
#define GP_NAMESET_NEW ((size_t)-1)

typedef struct gp_nameset {
    const char **names; /* slots; NULL when empty */
    size_t *index;
    size_t mask;        /* slots - 1; slots is a power of two */
} gp_nameset;

/** Make an empty set sized for `expected` names. False on out-of-memory. */
bool gp_nameset_init(gp_nameset *s, size_t expected);
void gp_nameset_free(gp_nameset *s);

/*
** Add `name` (borrowed) from list item `index`. Returns GP_NAMESET_NEW, or the
** index of the item that already holds this name (the set is then unchanged).
** At most `expected` names may be added.
*/
size_t gp_nameset_add(gp_nameset *s, const char *name, size_t index);

#endif
