/*
** core/xlsx_verify.c: check a workbook libxlsxwriter has just written,
** before it is renamed over an older pack.
**
** libxlsxwriter 1.1.4 writes each part to a temporary file and does not
** check those writes: past a file-size limit or on a full disk a worksheet
** is cut short, the zip around it is still well formed, and workbook_close
** reports success. Renaming that file over last month's pack would lose a
** good file for a broken one. So every XML part is inflated and must end
** with the closing tag of its root element; anything else is a write error.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "report_xlsx.h"

/* Bytes from the end searched for the end-of-central-directory record (its comment is at most 64 KiB). */
#define EOCD_SEARCH (22 + 65535)
/* The largest part inflated: a worksheet of a very large plan. */
#define PART_MAX ((uint64_t)1 << 32)

static uint32_t le16(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t le32(const unsigned char *p) { return le16(p) | le16(p + 2) << 16; }

/* True when `xml` (n bytes) ends, whitespace aside, with the closing tag of its root element. */
static bool xml_complete(const char *xml, size_t n) {
    size_t i = 0;
    while (i + 1 < n && xml[i] == '<' && (xml[i + 1] == '?' || xml[i + 1] == '!')) {
        const char *end = memchr(xml + i, '>', n - i);
        if (!end)
            return false;
        i = (size_t)(end - xml) + 1;
        while (i < n && (xml[i] == '\r' || xml[i] == '\n' || xml[i] == ' '))
            i++;
    }
    if (i >= n || xml[i] != '<')
        return false;
    size_t start = ++i;
    while (i < n && xml[i] != ' ' && xml[i] != '>' && xml[i] != '/' && xml[i] != '\r' && xml[i] != '\n')
        i++;
    size_t len = i - start;
    while (n > 0 && (xml[n - 1] == '\r' || xml[n - 1] == '\n' || xml[n - 1] == ' '))
        n--;
    if (n >= 2 && xml[n - 2] == '/' && xml[n - 1] == '>' && memchr(xml + start, '>', n - start) == xml + n - 1)
        return true; /* a root element that closes itself */
    return n >= len + 3 && xml[n - 1] == '>' && memcmp(xml + n - len - 1, xml + start, len) == 0 &&
           xml[n - len - 2] == '/' && xml[n - len - 3] == '<';
}

/* Inflate (or copy) one part into a new buffer of `size` bytes; NULL when it does not decode. */
static char *part_bytes(const unsigned char *data, size_t csize, uint32_t method, size_t size) {
    char *out = malloc(size ? size : 1);
    if (!out)
        return NULL;
    if (method == 0 && csize == size) {
        memcpy(out, data, size);
        return out;
    }
    z_stream z = {0};
    if (method != 8 || inflateInit2(&z, -MAX_WBITS) != Z_OK) {
        free(out);
        return NULL;
    }
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)csize;
    z.next_out = (Bytef *)out;
    z.avail_out = (uInt)size;
    int rc = inflate(&z, Z_FINISH);
    bool ok = rc == Z_STREAM_END && z.total_out == size;
    inflateEnd(&z);
    if (!ok) {
        free(out);
        return NULL;
    }
    return out;
}

/* Check the zip in `buf`; the name of the first bad part (or "the zip directory") goes to `bad`. */
static bool zip_complete(const unsigned char *buf, size_t len, char *bad, size_t badsize) {
    snprintf(bad, badsize, "the zip directory");
    if (len < 22)
        return false;
    size_t eocd = len - 22, floor = len > EOCD_SEARCH ? len - EOCD_SEARCH : 0;
    while (eocd > floor && le32(buf + eocd) != 0x06054b50)
        eocd--;
    if (le32(buf + eocd) != 0x06054b50)
        return false;
    size_t entries = le16(buf + eocd + 10), at = le32(buf + eocd + 16);
    for (size_t e = 0; e < entries; e++) {
        if (at + 46 > len || le32(buf + at) != 0x02014b50)
            return false;
        uint32_t method = le16(buf + at + 10);
        size_t csize = le32(buf + at + 20), size = le32(buf + at + 24);
        size_t nlen = le16(buf + at + 28), xlen = le16(buf + at + 30), clen = le16(buf + at + 32);
        size_t local = le32(buf + at + 42);
        const char *name = (const char *)buf + at + 46;
        if (at + 46 + nlen > len || local + 30 > len || le32(buf + local) != 0x04034b50)
            return false;
        snprintf(bad, badsize, "%.*s", (int)(nlen < 200 ? nlen : 200), name);
        size_t data = local + 30 + le16(buf + local + 26) + le16(buf + local + 28);
        bool xml = nlen > 4 && (memcmp(name + nlen - 4, ".xml", 4) == 0 || memcmp(name + nlen - 5, ".rels", 5) == 0);
        if (data + csize > len || size > PART_MAX)
            return false;
        if (xml) {
            char *part = part_bytes(buf + data, csize, method, size);
            bool ok = part && xml_complete(part, size);
            free(part);
            if (!ok)
                return false;
        }
        at += 46 + nlen + xlen + clen;
    }
    return true;
}

gp_error gp_xlsx_verify(const char *path, gp_diag *diag) {
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    long n = -1;
    if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0)
        buf = malloc((size_t)n + 1);
    bool read = buf && fread(buf, 1, (size_t)n, f) == (size_t)n;
    if (f)
        fclose(f);
    char bad[256];
    gp_error err = GP_OK;
    if (!read) {
        gp_diag_add(diag, NULL, 0, 0, NULL, "cannot read back the workbook just written to check it");
        err = GP_ERR_IO;
    } else if (!zip_complete(buf, (size_t)n, bad, sizeof bad)) {
        gp_diag_add(diag, NULL, 0, 0, NULL,
                    "the workbook came out incomplete (%s is cut short): the disk is full or a file-size limit "
                    "(ulimit -f) was reached; any earlier file is left as it was",
                    bad);
        err = GP_ERR_IO;
    }
    free(buf);
    return err;
}
