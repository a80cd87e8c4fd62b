/*
** core/report_xlsx.c: the board pack workbook (gapplan/report.h): the
** workbook, its formats and properties, safe cells, and the file.
**
** libxlsxwriter 1.1.4 trusts its caller: it writes NaN as "NAN", passes
** invalid UTF-8 into the XML and accepts text past Excel's limits, and still
** returns success. So every cell goes through gp_xlsx_text or gp_xlsx_number,
** which make the value one Excel can hold, and every return code is checked;
** workbook_close, where a full disk surfaces, last of all.
*/
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gapplan/output.h"
#include "gapplan/text.h"
#include "gapplan/version.h"
#include "report_xlsx.h"

void gp_xlsx_check(gp_xlsx *x, lxw_error e, const char *what) {
    if (e == LXW_NO_ERROR || x->err != GP_OK)
        return;
    x->err = GP_ERR_IO;
    gp_diag_add(x->diag, NULL, 0, 0, NULL, "cannot write the workbook (%s): %s", what, lxw_strerror(e));
}

/*
** Text as Excel can hold it: bytes that are not UTF-8 become '?', and text
** past 32,767 characters is cut there (at a character boundary).
*/
void gp_xlsx_text(gp_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *fmt) {
    if (x->err != GP_OK)
        return;
    if (!s)
        s = "";
    size_t len = strlen(s), chars = 0, cut = len;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && ++chars > GP_XLSX_TEXT_MAX) {
            cut = i;
            break;
        }
    if (cut == len && gp_utf8_valid(s, len)) {
        gp_xlsx_check(x, worksheet_write_string(ws, row, col, s, fmt), "a text cell");
        return;
    }
    char *safe = malloc(cut + 1);
    if (!safe) {
        x->err = GP_ERR_NOMEM;
        gp_diag_add(x->diag, NULL, 0, 0, NULL, "out of memory");
        return;
    }
    memcpy(safe, s, cut);
    safe[cut] = '\0';
    /* Replace each byte of an invalid sequence; a valid text is left as it is. */
    for (size_t i = 0; i < cut;) {
        size_t n = 1;
        unsigned char c = (unsigned char)safe[i];
        if (c >= 0x80) {
            n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            if (i + n > cut || n == 1 || !gp_utf8_valid(safe + i, n)) {
                safe[i] = '?';
                n = 1;
            }
        }
        i += n;
    }
    gp_xlsx_check(x, worksheet_write_string(ws, row, col, safe, fmt), "a text cell");
    free(safe);
}

void gp_xlsx_number(gp_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double v, lxw_format *fmt) {
    if (x->err != GP_OK)
        return;
    if (!isfinite(v))
        gp_xlsx_check(x, worksheet_write_blank(ws, row, col, fmt), "a blank cell");
    else
        gp_xlsx_check(x, worksheet_write_number(ws, row, col, v, fmt), "a number cell");
}

void gp_xlsx_formula(gp_xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *formula, double v,
                     lxw_format *fmt) {
    if (x->err != GP_OK)
        return;
    gp_xlsx_check(x, worksheet_write_formula_num(ws, row, col, formula, fmt, isfinite(v) ? v : 0), "a formula cell");
}

void gp_xlsx_sheet_ref(char *out, size_t size, const char *sheet) {
    bool plain = !isdigit((unsigned char)sheet[0]);
    for (const char *p = sheet; *p; p++)
        plain &= isalnum((unsigned char)*p) || *p == '_';
    if (plain) {
        snprintf(out, size, "%s", sheet);
        return;
    }
    size_t n = 0;
    out[n++] = '\'';
    for (const char *p = sheet; *p && n + 3 < size; p++) {
        if (*p == '\'')
            out[n++] = '\'';
        out[n++] = *p;
    }
    out[n++] = '\'';
    out[n] = '\0';
}

lxw_format *gp_xlsx_format_of(gp_xlsx *x, const gp_series_info *info) {
    switch (info->quantity) {
    case GP_Q_FTE: return x->fte;
    case GP_Q_MONEY: return x->money;
    case GP_Q_COUNT: return x->count;
    case GP_Q_RATE: return x->rate;
    case GP_Q_MONEY_RATE: return x->pounds;
    }
    return NULL;
}

void gp_xlsx_print_setup(gp_xlsx *x, lxw_worksheet *ws, lxw_row_t header_rows) {
    char footer[256], name[96];
    const char *plan = x->runs[0].info && x->runs[0].info->plan_name ? x->runs[0].info->plan_name : "gapplan";
    /* '&' starts a code in a header or footer: a plan name's own '&' is written "&&". */
    size_t n = 0;
    for (const char *p = plan; *p && n + 3 < sizeof name; p++) {
        if (*p == '&')
            name[n++] = '&';
        name[n++] = *p;
    }
    name[n] = '\0';
    while (n > 0 && ((unsigned char)name[n - 1] & 0xC0) == 0x80)
        name[--n] = '\0'; /* never end inside a character */
    if (n > 0 && (unsigned char)name[n - 1] >= 0xC0)
        name[--n] = '\0';
    snprintf(footer, sizeof footer, "&L%s&RPage &P of &N", name);
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    if (header_rows > 0)
        gp_xlsx_check(x, worksheet_repeat_rows(ws, 0, header_rows - 1), "repeated header rows");
    gp_xlsx_check(x, worksheet_set_footer(ws, footer), "the footer");
}

/*
** libxlsxwriter keeps the index of a format only when it is the first with its properties: a second format
** with the same properties (or one with none, which matches the default) is looked up in its hash table at
** every cell written with it, a malloc and a hash each time. So plain text has no format (NULL, the default),
** and two number formats with the same code are one format.
*/
typedef struct number_formats {
    const char *code[8];
    lxw_format *format[8];
    size_t n;
} number_formats;

static lxw_format *number_format(lxw_workbook *wb, number_formats *made, const char *num) {
    for (size_t i = 0; i < made->n; i++)
        if (strcmp(made->code[i], num) == 0)
            return made->format[i];
    lxw_format *f = workbook_add_format(wb);
    format_set_num_format(f, num);
    if (made->n < sizeof made->code / sizeof made->code[0]) {
        made->code[made->n] = num;
        made->format[made->n++] = f;
    }
    return f;
}

void gp_xlsx_formats(gp_xlsx *x, unsigned header_color, const char *money, const char *fte, const char *rate,
                     const char *count) {
    lxw_workbook *wb = x->wb;
    x->title = workbook_add_format(wb);
    format_set_bold(x->title);
    format_set_font_size(x->title, 14);
    x->header = workbook_add_format(wb);
    format_set_bold(x->header);
    format_set_font_color(x->header, LXW_COLOR_WHITE);
    format_set_bg_color(x->header, (lxw_color_t)header_color);
    format_set_text_wrap(x->header);
    format_set_align(x->header, LXW_ALIGN_VERTICAL_TOP);
    x->label = NULL;
    x->bold = workbook_add_format(wb);
    format_set_bold(x->bold);
    x->text = NULL;
    x->wrap = workbook_add_format(wb);
    format_set_text_wrap(x->wrap);
    format_set_align(x->wrap, LXW_ALIGN_VERTICAL_TOP);
    number_formats made = {.n = 0};
    x->money = number_format(wb, &made, money);
    x->fte = number_format(wb, &made, fte);
    x->rate = number_format(wb, &made, rate);
    x->count = number_format(wb, &made, count);
    x->pounds = number_format(wb, &made, "£#,##0");
    x->input = workbook_add_format(wb);
    format_set_num_format(x->input, "General");
    format_set_bg_color(x->input, 0xFFF2CC); /* inputs shaded, as a modeller expects */
}

/* The creation time: SOURCE_DATE_EPOCH when set (reproducible files), else now. */
static time_t creation_time(bool *reproducible) {
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    char *end;
    *reproducible = false;
    if (epoch && *epoch) {
        errno = 0;
        long long v = strtoll(epoch, &end, 10);
        if (!errno && !*end && v >= 0) {
            *reproducible = true;
            return (time_t)v;
        }
    }
    return time(NULL);
}

typedef void (*sheet_writer)(gp_xlsx *x, lxw_worksheet *ws, const gp_template_sheet *s);

static const sheet_writer writers[GP_SHEET_KIND_COUNT] = {
    gp_xlsx_summary, gp_xlsx_workforce, gp_xlsx_finance, gp_xlsx_backlog,
    gp_xlsx_monthly, gp_xlsx_scenarios, gp_xlsx_assumptions, gp_xlsx_audit,
};

/* Write the workbook at `file` (the temporary file). */
static gp_error write_workbook(gp_xlsx *x, const char *file, const char *title, const char *subject,
                               void (*fill)(gp_xlsx *x, void *ctx), void *ctx) {
    bool reproducible;
    time_t created = creation_time(&reproducible);
    x->reproducible = reproducible;
    /* Constant memory: every sheet is written row by row, so a 1,000-unit Monthly sheet streams to disk. */
    lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
    x->wb = workbook_new_opt(file, &options);
    if (!x->wb) {
        gp_diag_add(x->diag, NULL, 0, 0, NULL, "cannot create the workbook: %s", strerror(errno ? errno : EIO));
        return GP_ERR_IO;
    }
    lxw_doc_properties props = {
        .title = (char *)(title && gp_utf8_valid(title, strlen(title)) ? title : ""),
        .subject = (char *)subject,
        .author = "gapplan",
        .comments = "Written by gapplan " GP_VERSION,
        .created = created,
    };
    gp_xlsx_check(x, workbook_set_properties(x->wb, &props), "the document properties");
    fill(x, ctx);
    lxw_error closed = workbook_close(x->wb); /* frees the workbook whatever happens */
    x->wb = NULL;
    gp_xlsx_check(x, closed, "closing it: a full disk or a failed write");
    if (x->err == GP_OK)
        x->err = gp_xlsx_verify(file, x->diag);
    return x->err;
}

gp_error gp_xlsx_write(gp_xlsx *x, const char *path, const char *title, const char *subject,
                       void (*fill)(gp_xlsx *x, void *ctx), void *ctx) {
    gp_outfile *of = NULL;
    if (strcmp(path, "-") == 0) {
        gp_diag_add(x->diag, NULL, 0, 0, NULL, "a workbook cannot be written to standard output: name a .xlsx file");
        return GP_ERR_ARGUMENT;
    }
    gp_error err = gp_outfile_open(path, &of, x->diag);
    if (err != GP_OK)
        return err;
    err = write_workbook(x, gp_outfile_temp_path(of), title, subject, fill, ctx);
    if (err == GP_OK)
        return gp_outfile_commit(of, x->diag);
    gp_outfile_abort(of);
    return err;
}

/* The board pack's sheets, in the template's order, then a live pack's waiting-list workings. */
static void fill_pack(gp_xlsx *x, void *ctx) {
    (void)ctx;
    gp_xlsx_formats(x, x->tpl->header_color, x->tpl->fmt_money, x->tpl->fmt_fte, x->tpl->fmt_rate, x->tpl->fmt_count);
    if (x->want_live && !gp_live_prepare(x)) {
        x->err = GP_ERR_NOMEM;
        gp_diag_add(x->diag, NULL, 0, 0, NULL, "out of memory");
        return;
    }
    for (size_t i = 0; i < x->tpl->nsheets && x->err == GP_OK; i++) {
        const gp_template_sheet *s = &x->tpl->sheets[i];
        lxw_worksheet *ws = workbook_add_worksheet(x->wb, s->name);
        if (!ws) {
            x->err = GP_ERR_INVALID;
            gp_diag_add(x->diag, x->tpl->file, 0, 0, NULL, "sheets[%zu]: Excel refuses the sheet name \"%s\"", i,
                        s->name);
            break;
        }
        writers[s->kind](x, ws, s);
    }
    if (x->err == GP_OK && gp_xlsx_has_systems(x)) {
        lxw_worksheet *ws = workbook_add_worksheet(x->wb, GP_XLSX_SYSTEMS_SHEET);
        if (ws)
            gp_xlsx_systems(x, ws);
        else
            gp_xlsx_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "the Systems sheet");
    }
    if (x->err == GP_OK && gp_live_has_workings(x)) {
        lxw_worksheet *ws = workbook_add_worksheet(x->wb, GP_XLSX_WORKINGS_SHEET);
        if (ws)
            gp_xlsx_workings(x, ws);
        else
            gp_xlsx_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "the waiting-list workings sheet");
    }
    gp_live_free(x);
}

gp_error gp_report_write_xlsx(const gp_report_run *runs, size_t nruns, const gp_template *tpl, const char *path,
                              gp_diag *diag) {
    return gp_report_write_xlsx_mode(runs, nruns, tpl, GP_REPORT_AUTO, path, diag);
}

gp_error gp_report_write_xlsx_mode(const gp_report_run *runs, size_t nruns, const gp_template *tpl,
                                   gp_report_mode mode, const char *path, gp_diag *diag) {
    if (!runs || nruns == 0 || !tpl || !path || !diag)
        return GP_ERR_ARGUMENT;
    for (size_t i = 1; i < nruns; i++)
        if (runs[i].result->cal.start != runs[0].result->cal.start ||
            runs[i].result->cal.months != runs[0].result->cal.months)
            return GP_ERR_ARGUMENT;
    gp_xlsx x = {.tpl = tpl, .runs = runs, .nruns = nruns, .diag = diag, .err = GP_OK};
    bool wanted = gp_live_wanted(runs, nruns, tpl), systems = false;
    for (size_t i = 0; i < nruns; i++)
        systems |= runs[i].result->nsystems > 0;
    if (mode == GP_REPORT_LIVE && systems) {
        gp_diag_add(diag, NULL, 0, 0, NULL, "a plan with systems cannot be written live: the pack's formulas compute "
                    "each unit alone, without the transfers between units; write it with --values");
        return GP_ERR_ARGUMENT;
    }
    if (mode == GP_REPORT_LIVE && !wanted && !gp_live_possible(runs, nruns, tpl)) {
        gp_diag_add(diag, tpl->file, 0, 0, NULL, "a live pack needs the template's Monthly and Assumptions sheets "
                    "(kinds \"monthly\" and \"assumptions\"); write it with --values");
        return GP_ERR_ARGUMENT;
    }
    x.want_live = mode == GP_REPORT_LIVE || (mode == GP_REPORT_AUTO && wanted);
    const char *plan = runs[0].info && runs[0].info->plan_name ? runs[0].info->plan_name : "";
    return gp_xlsx_write(&x, path, plan, tpl->name, fill_pack, NULL);
}
