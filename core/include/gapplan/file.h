/*
** gapplan/file.h: reading a whole input file.
*/
#ifndef GAPPLAN_FILE_H
#define GAPPLAN_FILE_H

#include <stddef.h>

#include "gapplan/error.h"

/*
** Read the file at `path` (a regular file, or a pipe such as /dev/stdin) into
** a malloc'd buffer the caller frees: *data and *len, with no NUL added.
** GP_ERR_IO with a diag naming the file when it cannot be opened or read, is
** a directory, or holds more than `max_bytes` ("x.json is too large: ... the
** limit is N MB"); GP_ERR_NOMEM when out of memory. Reads retry on EINTR.
*/
gp_error gp_read_file_all(const char *path, size_t max_bytes, char **data, size_t *len, gp_diag *diag);

#endif
