/*
** core/report.c: JSON paths turned into text, and problems into diag items
** (report.h).
*/
#include "report.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textout.h"

void gp_reporter_init(gp_reporter *r, gp_diag *diag, const char *file) {
    memset(r, 0, sizeof *r);
    r->diag = diag;
    r->file = file;
}

/* A key that can be written as `.key`: the ids and field names of a plan are. */
static bool plain_key(const char *s) {
    if (!*s)
        return false;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '-'))
            return false;
    }
    return true;
}

void gp_key_text(const char *s, char *buf, size_t size) {
    size_t n = 0, shown = 0;
    if (size == 0)
        return;
    /* Room for the longest escape (6 bytes), "..." and the NUL. */
    for (; *s && n + 10 < size; s++, shown++) {
        unsigned char c = (unsigned char)*s;
        /* Cut only before a UTF-8 lead byte, never inside a character. */
        if (shown >= GP_PATH_KEY_SHOWN && (c & 0xC0) != 0x80)
            break;
        if (c == '"' || c == '\\') {
            buf[n++] = '\\';
            buf[n++] = (char)c;
        } else if (c < 0x20 || c == 0x7F) {
            n += (size_t)snprintf(buf + n, size - n, "\\u%04x", c);
        } else {
            buf[n++] = (char)c;
        }
    }
    if (*s) {
        memcpy(buf + n, "...", 3);
        n += 3;
    }
    buf[n] = '\0';
}

size_t gp_path_format(const gp_path *p, char *buf, size_t size) {
    size_t n = 0;
    char key[GP_KEY_TEXT_SIZE];
    int shown = p->depth < GP_PATH_MAX_DEPTH ? p->depth : GP_PATH_MAX_DEPTH;
    if (size == 0)
        return 0;
    buf[0] = '\0';
    for (int i = 0; i < shown && n + 1 < size; i++) {
        const gp_seg *s = &p->seg[i];
        int w;
        if (s->kind == GP_SEG_INDEX) {
            w = snprintf(buf + n, size - n, "[%zu]", s->index);
        } else if (s->kind == GP_SEG_KEY && plain_key(s->key)) {
            w = snprintf(buf + n, size - n, "%s%s", i ? "." : "", s->key);
        } else {
            gp_key_text(s->key, key, sizeof key);
            w = snprintf(buf + n, size - n, "[\"%s\"]", key);
        }
        if (w < 0)
            break;
        n += (size_t)w;
    }
    if (p->depth > GP_PATH_MAX_DEPTH && n + 4 < size)
        n += (size_t)snprintf(buf + n, size - n, "...");
    return n < size ? n : size - 1;
}

void gp_report(gp_reporter *r, const char *fmt, ...) {
    char path[GP_PATH_TEXT_MAX];
    va_list ap;
    r->problems++;
    gp_path_format(&r->path, path, sizeof path);
    va_start(ap, fmt);
    if (gp_diag_addv(r->diag, r->file, 0, 0, path[0] ? path : NULL, fmt, ap) == GP_ERR_NOMEM)
        r->nomem = true;
    va_end(ap);
}

const char *gp_json_type_name(const cJSON *item) {
    if (cJSON_IsString(item))
        return "a string";
    if (cJSON_IsNumber(item))
        return "a number";
    if (cJSON_IsBool(item))
        return "a boolean";
    if (cJSON_IsNull(item))
        return "null";
    if (cJSON_IsArray(item))
        return "an array";
    if (cJSON_IsObject(item))
        return "an object";
    return "an invalid value";
}

void gp_number_text(double x, char *buf, size_t size) {
    char num[GP_NUMBER_SIZE];
    if (isnan(x))
        snprintf(buf, size, "nan");
    else if (isinf(x))
        snprintf(buf, size, x > 0 ? "inf" : "-inf");
    else {
        gp_format_double(x, num);
        snprintf(buf, size, "%s", num);
    }
}

/* Significant digits of a number shown in a message, enough for any input a person types. */
#define MESSAGE_DIGITS 15

void gp_number_text_outside(double x, double min, double max, char *buf, size_t size) {
    if (!isfinite(x)) {
        gp_number_text(x, buf, size);
        return;
    }
    snprintf(buf, size, "%.*g", MESSAGE_DIGITS, x);
    double shown = strtod(buf, NULL);
    if (shown >= min && shown <= max)
        gp_number_text(x, buf, size);
}

bool gp_check_range(gp_reporter *r, double x, double min, double max) {
    char got[GP_NUMBER_TEXT_SIZE], lo[GP_NUMBER_TEXT_SIZE], hi[GP_NUMBER_TEXT_SIZE];
    if (isfinite(x) && x >= min && x <= max)
        return true;
    gp_number_text_outside(x, min, max, got, sizeof got);
    gp_number_text(min, lo, sizeof lo);
    gp_number_text(max, hi, sizeof hi);
    if (!isfinite(x))
        gp_report(r, "must be a finite number, got %s", got);
    else if (isfinite(min) && isfinite(max))
        gp_report(r, "must be within [%s, %s], got %s", lo, hi, got);
    else if (isfinite(min))
        gp_report(r, "must be >= %s, got %s", lo, got);
    else
        gp_report(r, "must be <= %s, got %s", hi, got);
    return false;
}
