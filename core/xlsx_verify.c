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
**
** A 1,000-unit Monthly sheet is about a gigabyte of XML, so parts are
** streamed: only their first and last bytes are kept.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "report_xlsx.h"

/* Bytes from the end searched for the end-of-central-directory record (its comment is at most 64 KiB). */
#define EOCD_SEARCH (22 + 65535)
/* Bytes of a part kept from its start (the root element's name) and from its end (its closing tag). */
#define HEAD_KEEP 512
#define TAIL_KEEP 512
/* Bytes read and inflated at a time. */
#define CHUNK 65536

static uint32_t le16(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t le32(const unsigned char *p) { return le16(p) | le16(p + 2) << 16; }

/* A part's first and last bytes, as they stream past. */
typedef struct ends {
    char head[HEAD_KEEP], tail[TAIL_KEEP];
    size_t nhead, ntail;
    uint64_t total;
} ends;

static void keep_ends(ends *e, const char *p, size_t n) {
    e->total += n;
    size_t h = n < HEAD_KEEP - e->nhead ? n : HEAD_KEEP - e->nhead;
    memcpy(e->head + e->nhead, p, h);
    e->nhead += h;
    if (n >= TAIL_KEEP) {
        memcpy(e->tail, p + n - TAIL_KEEP, TAIL_KEEP);
        e->ntail = TAIL_KEEP;
    } else {
        size_t keep = e->ntail + n > TAIL_KEEP ? TAIL_KEEP - n : e->ntail;
        memmove(e->tail, e->tail + e->ntail - keep, keep);
        memcpy(e->tail + keep, p, n);
        e->ntail = keep + n;
    }
}

/* True when the part whose ends are `e` ends, whitespace aside, with its root element's closing tag. */
static bool xml_complete(const ends *e) {
    const char *x = e->head;
    size_t n = e->nhead, i = 0;
    while (i + 1 < n && x[i] == '<' && (x[i + 1] == '?' || x[i + 1] == '!')) {
        const char *end = memchr(x + i, '>', n - i);
        if (!end)
            return false;
        i = (size_t)(end - x) + 1;
        while (i < n && (x[i] == '\r' || x[i] == '\n' || x[i] == ' '))
            i++;
    }
    if (i >= n || x[i] != '<')
        return false;
    size_t start = ++i;
    while (i < n && x[i] != ' ' && x[i] != '>' && x[i] != '/' && x[i] != '\r' && x[i] != '\n')
        i++;
    size_t len = i - start;
    const char *t = e->tail;
    size_t m = e->ntail;
    while (m > 0 && (t[m - 1] == '\r' || t[m - 1] == '\n' || t[m - 1] == ' '))
        m--;
    if (e->total <= HEAD_KEEP && m >= 2 && t[m - 2] == '/' && t[m - 1] == '>' && i < n && x[i] == '/')
        return true; /* a root element that closes itself */
    return len > 0 && m >= len + 3 && t[m - 1] == '>' && memcmp(t + m - len - 1, x + start, len) == 0 &&
           t[m - len - 2] == '/' && t[m - len - 3] == '<';
}

/* Stream one part (csize bytes at the file's position) through inflate (or as stored), keeping its ends. */
static bool read_part(FILE *f, uint32_t method, uint64_t csize, uint64_t size, ends *e) {
    unsigned char *in = malloc(2 * CHUNK), *out = in + CHUNK;
    z_stream z = {0};
    if (!in)
        return false;
    if (method != 0 && (method != 8 || inflateInit2(&z, -MAX_WBITS) != Z_OK)) {
        free(in);
        return false;
    }
    bool ok = true;
    int rc = Z_OK;
    while (ok && csize > 0) {
        size_t want = csize < CHUNK ? (size_t)csize : CHUNK;
        if (fread(in, 1, want, f) != want) {
            ok = false;
            break;
        }
        csize -= want;
        if (method == 0) {
            keep_ends(e, (const char *)in, want);
            continue;
        }
        z.next_in = in;
        z.avail_in = (uInt)want;
        do {
            z.next_out = out;
            z.avail_out = CHUNK;
            rc = inflate(&z, Z_NO_FLUSH);
            if (rc != Z_OK && rc != Z_STREAM_END) {
                ok = false;
                break;
            }
            keep_ends(e, (const char *)out, CHUNK - z.avail_out);
        } while (z.avail_out == 0 && rc != Z_STREAM_END);
    }
    if (method != 0) {
        ok = ok && rc == Z_STREAM_END;
        inflateEnd(&z);
    }
    free(in);
    return ok && e->total == size;
}

/* Check the zip open as f (len bytes); the name of the first bad part (or "the zip directory") goes to `bad`. */
static bool zip_complete(FILE *f, uint64_t len, char *bad, size_t badsize) {
    snprintf(bad, badsize, "the zip directory");
    size_t tail_len = len < EOCD_SEARCH ? (size_t)len : EOCD_SEARCH;
    unsigned char *tail = malloc(tail_len ? tail_len : 1), *dir = NULL;
    bool ok = false;
    if (!tail || len < 22 || fseek(f, (long)(len - tail_len), SEEK_SET) != 0 || fread(tail, 1, tail_len, f) != tail_len)
        goto done;
    size_t eocd = tail_len - 22;
    while (eocd > 0 && le32(tail + eocd) != 0x06054b50)
        eocd--;
    if (le32(tail + eocd) != 0x06054b50)
        goto done;
    size_t entries = le16(tail + eocd + 10), dir_len = le32(tail + eocd + 12), dir_at = le32(tail + eocd + 16);
    if (dir_at + (uint64_t)dir_len > len || !(dir = malloc(dir_len ? dir_len : 1)) ||
        fseek(f, (long)dir_at, SEEK_SET) != 0 || fread(dir, 1, dir_len, f) != dir_len)
        goto done;
    size_t at = 0;
    for (size_t k = 0; k < entries; k++) {
        if (at + 46 > dir_len || le32(dir + at) != 0x02014b50)
            goto done;
        uint32_t method = le16(dir + at + 10);
        uint64_t csize = le32(dir + at + 20), size = le32(dir + at + 24), local = le32(dir + at + 42);
        size_t nlen = le16(dir + at + 28), xlen = le16(dir + at + 30), clen = le16(dir + at + 32);
        const char *name = (const char *)dir + at + 46;
        if (at + 46 + nlen > dir_len)
            goto done;
        snprintf(bad, badsize, "%.*s", (int)(nlen < 200 ? nlen : 200), name);
        bool xml = (nlen > 4 && memcmp(name + nlen - 4, ".xml", 4) == 0) ||
                   (nlen > 5 && memcmp(name + nlen - 5, ".rels", 5) == 0);
        if (xml) {
            unsigned char lh[30];
            ends e = {0};
            if (fseek(f, (long)local, SEEK_SET) != 0 || fread(lh, 1, 30, f) != 30 || le32(lh) != 0x04034b50 ||
                fseek(f, (long)(le16(lh + 26) + le16(lh + 28)), SEEK_CUR) != 0 ||
                !read_part(f, method, csize, size, &e) || !xml_complete(&e))
                goto done;
        }
        at += 46 + nlen + xlen + clen;
    }
    ok = true;
done:
    free(tail);
    free(dir);
    return ok;
}

gp_error gp_xlsx_verify(const char *path, gp_diag *diag) {
    FILE *f = fopen(path, "rb");
    long len = -1;
    if (f && fseek(f, 0, SEEK_END) == 0)
        len = ftell(f);
    char bad[256];
    gp_error err = GP_OK;
    if (len < 0) {
        gp_diag_add(diag, NULL, 0, 0, NULL, "cannot read back the workbook just written to check it");
        err = GP_ERR_IO;
    } else if (!zip_complete(f, (uint64_t)len, bad, sizeof bad)) {
        gp_diag_add(diag, NULL, 0, 0, NULL,
                    "the workbook came out incomplete (%s is cut short): the disk is full or a file-size limit "
                    "(ulimit -f) was reached; any earlier file is left as it was",
                    bad);
        err = GP_ERR_IO;
    }
    if (f)
        fclose(f);
    return err;
}
