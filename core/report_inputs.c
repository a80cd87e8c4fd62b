/*
** core/report_inputs.c: the sheets of the board pack that an analyst and an
** auditor use: Monthly (every series by month), Scenarios (what was applied,
** with its params and source), Assumptions (every input schedule by month,
** after plugins, with a defined name for each of the baseline's) and Audit
** (version, command, SHA-256 of every input).
*/
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "gapplan/calendar.h"
#include "gapplan/version.h"
#include "report_xlsx.h"

/* Columns before the months on Monthly and Assumptions. */
#define MONTHLY_KEYS GP_XLSX_MONTHLY_KEYS
#define ASSUMPTION_KEYS GP_XLSX_ASSUMPTION_KEYS

/* A header of `nkeys` labels, then one column per month. */
static void month_header(gp_xlsx *x, lxw_worksheet *ws, const char *const *labels, lxw_col_t nkeys) {
    const gp_calendar *cal = &x->runs[0].result->cal;
    char label[GP_LABEL_SIZE];
    for (lxw_col_t c = 0; c < nkeys; c++)
        gp_xlsx_text(x, ws, 0, c, labels[c], x->header);
    for (int t = 0; t < cal->months; t++) {
        gp_calendar_month_label(cal, t, label);
        gp_xlsx_text(x, ws, 0, (lxw_col_t)(nkeys + t), label, x->header);
    }
    worksheet_set_column(ws, nkeys, (lxw_col_t)(nkeys + cal->months - 1), 11, NULL);
}

/* Which block of which unit of which run a Monthly row shows, for the live pack's formulas. */
typedef struct block_at {
    size_t k, u, g;
    gp_live_block block;
} block_at;

/* Every series of a block by month, one row each (formulas in a live pack); returns the next row. */
static lxw_row_t block_rows(gp_xlsx *x, lxw_worksheet *ws, lxw_row_t row, const char *run, const char *unit,
                            const char *block, const char *group, const gp_block *b, block_at where) {
    char *formula = x->live ? malloc(GP_LIVE_FORMULA_MAX) : NULL;
    if (x->live && !formula) {
        x->err = GP_ERR_NOMEM;
        gp_diag_add(x->diag, NULL, 0, 0, NULL, "out of memory");
        return row;
    }
    for (size_t s = 0; b && s < b->nseries; s++, row++) {
        gp_xlsx_text(x, ws, row, 0, run, x->text);
        gp_xlsx_text(x, ws, row, 1, unit, x->text);
        gp_xlsx_text(x, ws, row, 2, block, x->text);
        gp_xlsx_text(x, ws, row, 3, group, x->text);
        gp_xlsx_text(x, ws, row, 4, b->series[s].name, x->text);
        lxw_format *fmt = gp_xlsx_format_of(x, &b->series[s]);
        for (int t = 0; t < b->months; t++) {
            double v = gp_block_monthly(b, s)[t];
            if (formula && gp_live_monthly(x, where.k, where.u, where.block, where.g, s, t, formula,
                                           GP_LIVE_FORMULA_MAX))
                gp_xlsx_formula(x, ws, row, (lxw_col_t)(MONTHLY_KEYS + t), formula, v, fmt);
            else
                gp_xlsx_number(x, ws, row, (lxw_col_t)(MONTHLY_KEYS + t), v, fmt);
        }
    }
    free(formula);
    return row;
}

static lxw_row_t unit_rows(gp_xlsx *x, lxw_worksheet *ws, lxw_row_t row, size_t k, size_t u,
                           const gp_unit_result *ur) {
    const char *run = x->runs[k].name;
    for (size_t g = 0; g <= ur->ngroups; g++)
        row = block_rows(x, ws, row, run, ur->id, "workforce", ur->groups[g].id, &ur->groups[g],
                         (block_at){k, u, g, GP_LIVE_GROUP});
    row = block_rows(x, ws, row, run, ur->id, "finance", "", ur->finance, (block_at){k, u, 0, GP_LIVE_FINANCE});
    row = block_rows(x, ws, row, run, ur->id, "pressures", "", ur->pressures, (block_at){k, u, 0, GP_LIVE_PRESSURES});
    row = block_rows(x, ws, row, run, ur->id, "funding", "", ur->funding, (block_at){k, u, 0, GP_LIVE_FUNDING});
    return block_rows(x, ws, row, run, ur->id, "backlog", "", ur->backlog, (block_at){k, u, 0, GP_LIVE_BACKLOG});
}

void gp_xlsx_monthly(gp_xlsx *x, lxw_worksheet *ws, const gp_template_sheet *s) {
    static const char *const labels[MONTHLY_KEYS] = {"Run", "Unit", "Block", "Group", "Series"};
    lxw_row_t row = 1;
    month_header(x, ws, labels, MONTHLY_KEYS);
    worksheet_set_column(ws, 0, 3, 14, NULL);
    worksheet_set_column(ws, 4, 4, s->width, NULL);
    for (size_t k = 0; k < x->nruns; k++) {
        const gp_result *res = x->runs[k].result;
        for (size_t u = 0; u < res->nunits; u++)
            row = unit_rows(x, ws, row, k, u, &res->units[u]);
        row = unit_rows(x, ws, row, k, res->nunits, &res->all_units);
    }
    worksheet_freeze_panes(ws, 1, MONTHLY_KEYS);
    gp_xlsx_check(x, worksheet_autofilter(ws, 0, 0, row - 1,
                                          (lxw_col_t)(MONTHLY_KEYS + x->runs[0].result->cal.months - 1)),
                  "an autofilter");
    gp_xlsx_print_setup(x, ws, 1);
}

void gp_xlsx_scenarios(gp_xlsx *x, lxw_worksheet *ws, const gp_template_sheet *s) {
    static const char *const labels[] = {"Run", "Scenario", "Title", "Source", "Params", "Seed", "File", "SHA-256"};
    char params[4096], seed[32];
    lxw_row_t row = 1;
    (void)s;
    for (lxw_col_t c = 0; c < 8; c++)
        gp_xlsx_text(x, ws, 0, c, labels[c], x->header);
    worksheet_set_column(ws, 0, 2, 22, NULL);
    worksheet_set_column(ws, 3, 4, 50, x->wrap);
    worksheet_set_column(ws, 5, 7, 18, NULL);
    for (size_t k = 0; k < x->nruns; k++) {
        const gp_run_info *info = x->runs[k].info;
        for (size_t i = 0; info && i < info->nscenarios; i++, row++) {
            const gp_scenario_info *sc = &info->scenarios[i];
            size_t n = 0;
            params[0] = '\0';
            for (size_t p = 0; p < sc->nparams && n < sizeof params; p++)
                n += (size_t)snprintf(params + n, sizeof params - n, "%s%s = %s", p ? "\n" : "", sc->params[p].name,
                                      sc->params[p].json ? sc->params[p].json : "null");
            snprintf(seed, sizeof seed, "%lld", sc->seed);
            gp_xlsx_text(x, ws, row, 0, x->runs[k].name, x->text);
            gp_xlsx_text(x, ws, row, 1, sc->id, x->text);
            gp_xlsx_text(x, ws, row, 2, sc->title, x->wrap);
            gp_xlsx_text(x, ws, row, 3, sc->source, x->wrap);
            gp_xlsx_text(x, ws, row, 4, params, x->wrap);
            gp_xlsx_text(x, ws, row, 5, sc->has_seed ? seed : "", x->text);
            gp_xlsx_text(x, ws, row, 6, sc->file ? sc->file : "", x->text);
            gp_xlsx_text(x, ws, row, 7, sc->sha256 ? sc->sha256 : "", x->text);
        }
    }
    if (row == 1)
        gp_xlsx_text(x, ws, 1, 0, "No scenario was applied: the figures are the plan as it is.", x->text);
    worksheet_freeze_panes(ws, 1, 2);
    gp_xlsx_print_setup(x, ws, 1);
}

/*
** A defined name for an input: "<unit>_<group>_<field>" with every character
** Excel does not allow in a name made '_', and a leading '_' when it would
** start with a digit (a name like "a1" reads as a cell).
*/
static void input_name(char *out, size_t size, const char *unit, const char *group, const char *field) {
    char raw[256];
    snprintf(raw, sizeof raw, "%s_%s%s%s", unit, group, *group ? "_" : "", field);
    size_t n = 0;
    if (isdigit((unsigned char)raw[0]) && n + 1 < size)
        out[n++] = '_';
    for (const char *p = raw; *p && n + 1 < size; p++)
        out[n++] = isalnum((unsigned char)*p) ? *p : '_';
    out[n] = '\0';
}

typedef struct input_row {
    gp_xlsx *x;
    lxw_worksheet *ws;
    const gp_template_sheet *sheet;
    const char *run;
    bool name_it; /* the baseline's inputs get defined names */
    lxw_row_t row;
} input_row;

/* One input: `n` values from the first month's column (a schedule by month), or one number when values is NULL. */
static void input_n(input_row *in, const char *unit, const char *block, const char *group, const char *field,
                    const char *units, const double *values, int n_values, double number) {
    gp_xlsx *x = in->x;
    int months = n_values;
    gp_xlsx_text(x, in->ws, in->row, 0, in->run, x->text);
    gp_xlsx_text(x, in->ws, in->row, 1, unit, x->text);
    gp_xlsx_text(x, in->ws, in->row, 2, block, x->text);
    gp_xlsx_text(x, in->ws, in->row, 3, group, x->text);
    gp_xlsx_text(x, in->ws, in->row, 4, field, x->text);
    gp_xlsx_text(x, in->ws, in->row, 5, units, x->text);
    int n = values ? months : 1;
    for (int t = 0; t < n; t++)
        gp_xlsx_number(x, in->ws, in->row, (lxw_col_t)(ASSUMPTION_KEYS + t), values ? values[t] : number, x->input);
    if (in->name_it && x->err == GP_OK) {
        char name[300], ref[80], formula[400];
        lxw_row_t r = in->row;
        input_name(name, sizeof name, unit, group, field);
        gp_xlsx_sheet_ref(ref, sizeof ref, in->sheet->name);
        lxw_col_t c0 = ASSUMPTION_KEYS, c1 = (lxw_col_t)(ASSUMPTION_KEYS + n - 1);
        char a[16], b[16];
        lxw_rowcol_to_cell_abs(a, r, c0, 1, 1);
        lxw_rowcol_to_cell_abs(b, r, c1, 1, 1);
        snprintf(formula, sizeof formula, n > 1 ? "=%s!%s:%s" : "=%s!%s", ref, a, b);
        /* Two inputs whose ids differ only by '-' and '_' would share a name: the first keeps it, and the
           refusal of the second is no failure of the workbook. */
        (void)workbook_define_name(x->wb, name, formula);
    }
    in->row++;
}

/* One input schedule by month (or a starting value in the first month's column). */
static void input(input_row *in, const char *unit, const char *block, const char *group, const char *field,
                  const char *units, const double *values, double number) {
    input_n(in, unit, block, group, field, units, values, in->x->runs[0].result->cal.months, number);
}

static void field_rows(input_row *in, const char *unit, const char *block, const char *group,
                       const gp_field_table *table, void *data) {
    for (size_t i = 0; i < table->count; i++) {
        const gp_field *f = &table->fields[i];
        if (f->kind == GP_FIELD_SCHEDULE)
            input(in, unit, block, group, f->name, f->unit, gp_field_schedule(f, data), 0);
        else if (f->kind == GP_FIELD_NUMBER)
            input(in, unit, block, group, f->name, f->unit, NULL, *gp_field_number(f, data));
        else if (f->kind == GP_FIELD_INTEGER)
            input(in, unit, block, group, f->name, f->unit, NULL, *(int *)((char *)data + f->offset));
        else
            input(in, unit, block, group, f->name, f->unit, NULL, *(bool *)((char *)data + f->offset) ? 1 : 0);
    }
}

static void line_inputs(input_row *in, const char *unit, const char *kind, const gp_lines *lines) {
    for (size_t i = 0; i < lines->count; i++)
        input(in, unit, kind, lines->items[i].name, "amounts", "£/yr", lines->items[i].amounts, 0);
}

void gp_xlsx_assumptions(gp_xlsx *x, lxw_worksheet *ws, const gp_template_sheet *s) {
    static const char *const labels[ASSUMPTION_KEYS] = {"Run", "Unit", "Block", "Group or line", "Input", "Unit of"};
    input_row in = {.x = x, .ws = ws, .sheet = s, .row = 1};
    month_header(x, ws, labels, ASSUMPTION_KEYS);
    gp_xlsx_text(x, ws, 0, 5, "Units", x->header);
    worksheet_set_column(ws, 0, 3, 16, NULL);
    worksheet_set_column(ws, 4, 4, s->width, NULL);
    worksheet_set_column(ws, 5, 5, 14, NULL);
    for (size_t k = 0; k < x->nruns; k++) {
        const gp_plan *plan = x->runs[k].plan;
        in.run = x->runs[k].name;
        in.name_it = k == 0;
        for (size_t u = 0; plan && u < plan->nunits; u++) {
            const gp_unit *unit = &plan->units[u];
            for (size_t g = 0; g < unit->ngroups; g++)
                field_rows(&in, unit->id, "workforce", unit->groups[g].id, &gp_group_fields, &unit->groups[g]);
            if (unit->finance) {
                field_rows(&in, unit->id, "finance", "", &gp_finance_fields, unit->finance);
                line_inputs(&in, unit->id, "pressures", &unit->finance->pressures);
                line_inputs(&in, unit->id, "funding", &unit->finance->funding);
                field_rows(&in, unit->id, "capital", "", &gp_capital_fields, &unit->finance->capital);
                line_inputs(&in, unit->id, "schemes", &unit->finance->capital.schemes);
            }
            if (unit->backlog) {
                const gp_backlog *bk = unit->backlog;
                double weights[GP_BUCKETS];
                field_rows(&in, unit->id, "backlog", "", &gp_backlog_fields, unit->backlog);
                for (int b = 0; b < GP_BUCKETS; b++)
                    weights[b] = bk->wait_profile_given ? bk->wait_profile[b] : pow(0.85, b);
                input_n(&in, unit->id, "backlog", "", "wait_profile", "weights by months waited: 0, 1, ... 24",
                        weights, GP_BUCKETS, 0);
            }
        }
    }
    worksheet_freeze_panes(ws, 1, ASSUMPTION_KEYS);
    gp_xlsx_check(x, worksheet_autofilter(ws, 0, 0, in.row - 1,
                                          (lxw_col_t)(ASSUMPTION_KEYS + x->runs[0].result->cal.months - 1)),
                  "an autofilter");
    gp_xlsx_print_setup(x, ws, 1);
}

void gp_xlsx_audit(gp_xlsx *x, lxw_worksheet *ws, const gp_template_sheet *s) {
    const gp_run_info *info = x->runs[0].info;
    lxw_row_t row = 1;
    char when[64];
    (void)s;
    gp_xlsx_text(x, ws, 0, 0, "Item", x->header);
    gp_xlsx_text(x, ws, 0, 1, "Value", x->header);
    worksheet_set_column(ws, 0, 0, 30, NULL);
    worksheet_set_column(ws, 1, 1, 90, x->wrap);
#define ITEM(label, value) gp_xlsx_text(x, ws, row, 0, label, x->bold), gp_xlsx_text(x, ws, row++, 1, value, x->wrap)
    ITEM("gapplan version", GP_VERSION);
    ITEM("Plan", info && info->plan_name ? info->plan_name : "");
    ITEM("Plan file", info && info->plan_file ? info->plan_file : "");
    ITEM("Plan SHA-256", info && info->plan_sha256 ? info->plan_sha256 : "");
    ITEM("Command", info && info->command_line ? info->command_line : "");
    ITEM("Template", x->tpl->name);
    ITEM("Template file", x->tpl->file);
    ITEM("Template SHA-256", x->tpl->sha256);
    for (size_t k = 0; k < x->nruns; k++)
        for (size_t i = 0; x->runs[k].info && i < x->runs[k].info->nscenarios; i++) {
            const gp_scenario_info *sc = &x->runs[k].info->scenarios[i];
            char label[200];
            snprintf(label, sizeof label, "Plugin %s (%s)", sc->id, x->runs[k].name);
            ITEM(label, sc->file ? sc->file : "");
            snprintf(label, sizeof label, "Plugin %s SHA-256", sc->id);
            ITEM(label, sc->sha256 ? sc->sha256 : "");
            for (size_t u = 0; u < sc->nuses; u++) {
                snprintf(label, sizeof label, "Plugin %s uses %s", sc->id, sc->uses[u].id);
                ITEM(label, sc->uses[u].file);
                snprintf(label, sizeof label, "Plugin %s SHA-256", sc->uses[u].id);
                ITEM(label, sc->uses[u].sha256);
            }
        }
    if (!x->reproducible && info && info->has_seconds) {
        char took[64];
        snprintf(took, sizeof took, "%.3f s (load, plugins, model)", info->seconds);
        ITEM("Run took", took);
    }
    if (!x->reproducible) {
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);
        ITEM("Written", when);
    } else {
        ITEM("Written", "(SOURCE_DATE_EPOCH is set: the file is reproducible, so no time is recorded)");
    }
#undef ITEM
    gp_xlsx_print_setup(x, ws, 1);
}
