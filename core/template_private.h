/*
** core/template_private.h (private): a loaded board-pack template, as the
** loader (template.c) fills it and the workbook writer (report_xlsx*.c)
** reads it. docs/templates.md is the format.
*/
#ifndef GP_TEMPLATE_PRIVATE_H
#define GP_TEMPLATE_PRIVATE_H

#include <stddef.h>

#include "gapplan/hash.h"
#include "gapplan/report.h"

/* Excel's limit on a sheet name. */
#define GP_SHEET_NAME_MAX 31

typedef enum gp_sheet_kind {
    GP_SHEET_SUMMARY,     /* headline rows by FY, each run and its difference from the baseline */
    GP_SHEET_WORKFORCE,   /* every staff group's series by FY, all units */
    GP_SHEET_FINANCE,     /* finance series, pressures and funding lines by FY */
    GP_SHEET_BACKLOG,     /* the waiting list by month */
    GP_SHEET_MONTHLY,     /* every series of every block by month, a table with an autofilter */
    GP_SHEET_SCENARIOS,   /* each applied plugin: params, source, metrics */
    GP_SHEET_ASSUMPTIONS, /* every input schedule by month, after plugins */
    GP_SHEET_AUDIT,       /* version, command, SHA-256s */
    GP_SHEET_KIND_COUNT
} gp_sheet_kind;

extern const char *const gp_sheet_kind_names[GP_SHEET_KIND_COUNT];

/* A Summary row: a series (of a staff group's total, finance or backlog, all units) and its label. */
typedef struct gp_template_row {
    char *series;
    char *label;
} gp_template_row;

typedef struct gp_template_sheet {
    gp_sheet_kind kind;
    char *name;
    char **series;         /* Workforce, Finance, Backlog: the series shown (all when nseries is 0) */
    size_t nseries;
    gp_template_row *rows; /* Summary */
    size_t nrows;
    double width;          /* width of the label column, in characters */
} gp_template_sheet;

struct gp_template {
    char *name, *file;
    char sha256[GP_SHA256_HEX_SIZE];
    char *fmt_money, *fmt_fte, *fmt_rate, *fmt_count; /* Excel number formats */
    unsigned header_color;                            /* 0xRRGGBB */
    gp_template_sheet *sheets;
    size_t nsheets;
};

#endif
