/*
** gapplan/report.h: the board pack, an Excel workbook laid out by a template
** (DESIGN.md "Workbook").
**
** A template (a .json file of templates/, docs/templates.md) names the sheets in their
** order, what each shows and the number formats. gp_report_write_xlsx()
** writes one run (`gapplan run`) or several side by side (`gapplan compare`:
** runs[0] is the baseline) through a temporary file beside the target,
** renamed into place only when libxlsxwriter has finished, so a failure leaves
** an existing pack untouched.
**
** Every string is checked before it reaches libxlsxwriter (valid UTF-8, at
** most Excel's 32,767 characters) and written as a string cell, so a label
** that starts with = + - or @ is never a formula; every number is checked to
** be finite. With SOURCE_DATE_EPOCH set, the same inputs give the same bytes.
**
** Ownership: a gp_template is owned by the caller (gp_template_free). The
** writer borrows everything it is given.
*/
#ifndef GAPPLAN_REPORT_H
#define GAPPLAN_REPORT_H

#include <stddef.h>

#include "gapplan/error.h"
#include "gapplan/output.h"
#include "gapplan/plan.h"
#include "gapplan/result.h"

typedef struct gp_template gp_template;

/*
** Load a template: `name_or_path` is a file when it contains '/' or ends in
** ".json", else the name of <dir>/<name>.json in the first of `dirs` that has
** it. GP_ERR_INVALID with the JSON path of each problem, GP_ERR_IO when it
** cannot be read or found (the diag lists the folders searched).
*/
gp_error gp_template_load(const char *name_or_path, const char *const *dirs, size_t ndirs, gp_template **out,
                          gp_diag *diag);
void gp_template_free(gp_template *tpl);
/** The template's name and the file it came from, and the hex SHA-256 of that file (for the Audit sheet). */
const char *gp_template_name(const gp_template *tpl);
const char *gp_template_file(const gp_template *tpl);
const char *gp_template_sha256(const gp_template *tpl);

/* One run of the pack: a name ("baseline", a scenario id, "all"), its plan after plugins, its results. */
typedef struct gp_report_run {
    const char *name;
    const gp_plan *plan;
    const gp_result *result;
    const gp_run_info *info;
} gp_report_run;

/*
** Write the workbook to `path` (a file; not standard output). Every run must
** share runs[0]'s calendar. GP_OK, or an error with the diag filled
** (GP_ERR_INVALID for a label or number the workbook cannot hold, GP_ERR_IO
** for the file).
*/
/*
** How the pack holds its figures. Live: every computed figure is a formula
** over the Assumptions sheet (MODEL.md as Excel formulas, each with the
** core's value cached), so a change to an input there moves the figures;
** the default for plans up to the size of the England example (100 units,
** 50,000 group-months over all runs). Values: plain numbers, for larger
** plans (and --values).
*/
typedef enum gp_report_mode { GP_REPORT_AUTO, GP_REPORT_LIVE, GP_REPORT_VALUES } gp_report_mode;

/* As gp_report_write_xlsx, live or values as `mode` says (GP_ERR_ARGUMENT: live asked of a template without
   Monthly and Assumptions sheets). */
gp_error gp_report_write_xlsx_mode(const gp_report_run *runs, size_t nruns, const gp_template *tpl,
                                   gp_report_mode mode, const char *path, gp_diag *diag);

gp_error gp_report_write_xlsx(const gp_report_run *runs, size_t nruns, const gp_template *tpl, const char *path,
                              gp_diag *diag);

/* One input of a sensitivity analysis: its range and the metric at each end. */
typedef struct gp_tornado_row {
    const char *input;
    double low, high, at_low, at_high;
} gp_tornado_row;

/* A sensitivity analysis (`gapplan sensitivity`): rows in the order shown, widest swing first. */
typedef struct gp_tornado {
    const char *metric;   /* as the user wrote it: "england.total.vacancies@2024/25" */
    double baseline;      /* the metric with every input at its default */
    const gp_tornado_row *rows;
    size_t nrows;
    const gp_run_info *run;
} gp_tornado;

/*
** Write the analysis as a workbook at `path` (through a temporary file, as
** the board pack): "Tornado" (the table, each change from the baseline a
** formula, and the tornado chart) and "About" (what was run).
*/
gp_error gp_tornado_write_xlsx(const gp_tornado *t, const char *path, gp_diag *diag);

#endif
