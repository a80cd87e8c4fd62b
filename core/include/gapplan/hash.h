/*
** gapplan/hash.h: SHA-256 (FIPS 180-4), for the provenance that every output
** carries: the hash of the plan file and of each plugin file, so a reader of a
** board pack can tell which inputs made it.
*/
#ifndef GAPPLAN_HASH_H
#define GAPPLAN_HASH_H

#include <stddef.h>

#include "gapplan/error.h"

/* A SHA-256 digest as lower-case hex: 64 digits and the NUL. */
#define GP_SHA256_HEX_SIZE 65

/** Hash `len` bytes at `data` (NULL is allowed when len is 0); writes 64 hex digits and a NUL. */
void gp_sha256_buffer(const void *data, size_t len, char hex[GP_SHA256_HEX_SIZE]);

/*
** Hash a whole file. Returns GP_OK, or GP_ERR_IO when it cannot be opened or
** read (errno says why), GP_ERR_NOMEM when out of memory;
** `hex` is then the empty string.
*/
gp_error gp_sha256_file(const char *path, char hex[GP_SHA256_HEX_SIZE]);

#endif
