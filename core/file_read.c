/*
** core/file_read.c: reading a whole input file (gapplan/file.h), for the plan
** loader and the CSV importer alike.
*/
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gapplan/file.h"

/* Bytes read at a time past a regular file's size (a pipe has none). */
#define READ_STEP (1u << 16)

gp_error gp_read_file_all(const char *path, size_t max_bytes, char **data, size_t *len, gp_diag *diag) {
    struct stat st;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    gp_error err = GP_ERR_IO;
    int fd;

    *data = NULL;
    *len = 0;
    do
        fd = open(path, O_RDONLY | O_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        gp_diag_add(diag, NULL, 0, 0, NULL, "cannot open %s: %s", path, strerror(errno));
        return GP_ERR_IO;
    }
    if (fstat(fd, &st) != 0) {
        gp_diag_add(diag, NULL, 0, 0, NULL, "cannot read %s: %s", path, strerror(errno));
        goto fail;
    }
    if (S_ISDIR(st.st_mode)) {
        gp_diag_add(diag, NULL, 0, 0, NULL, "%s is a directory", path);
        goto fail;
    }
    if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > (uintmax_t)max_bytes) {
        gp_diag_add(diag, NULL, 0, 0, NULL, "%s is too large: %ju bytes, the limit is %u MB", path,
                    (uintmax_t)st.st_size, (unsigned)(max_bytes >> 20));
        goto fail;
    }
    /* A regular file's size sizes the buffer; anything else (a pipe) grows it as it comes. */
    cap = (S_ISREG(st.st_mode) ? (size_t)st.st_size : 0) + READ_STEP;
    buf = malloc(cap);
    if (!buf)
        goto nomem;
    for (;;) {
        if (n == cap) {
            if (cap > max_bytes) {
                gp_diag_add(diag, NULL, 0, 0, NULL, "%s is too large: the limit is %u MB", path,
                            (unsigned)(max_bytes >> 20));
                goto fail;
            }
            char *grown = realloc(buf, 2 * cap);
            if (!grown)
                goto nomem;
            buf = grown;
            cap *= 2;
        }
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            gp_diag_add(diag, NULL, 0, 0, NULL, "cannot read %s: %s", path, strerror(errno));
            goto fail;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    if (n > max_bytes) {
        gp_diag_add(diag, NULL, 0, 0, NULL, "%s is too large: the limit is %u MB", path, (unsigned)(max_bytes >> 20));
        goto fail;
    }
    close(fd);
    *data = buf;
    *len = n;
    return GP_OK;

nomem:
    err = GP_ERR_NOMEM;
    gp_diag_add(diag, NULL, 0, 0, NULL, "out of memory reading %s", path);
fail:
    free(buf);
    close(fd);
    return err;
}
