/*
** tests/test_writers.c: the JSON and CSV result writers. A small plan (two
** units, a partial first and last FY, finance lines whose names need quoting
** and guarding, one backlog) is run through the model; the JSON is parsed
** back with cJSON and every number compared with the result's arrays bit for
** bit; the CSV is parsed back as RFC 4180 and checked row by row.
*/
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static const char plan_json[] =
    "{\n"
    "  \"gapplan\": 1,\n"
    "  \"name\": \"Writers test, \\\"quoted\\\"\",\n"
    "  \"start\": \"2022-10\",\n"
    "  \"months\": 20,\n"
    "  \"units\": [\n"
    "    {\"id\": \"north\", \"name\": \"Trust, \\\"North\\\"\",\n"
    "     \"groups\": [\n"
    "       {\"id\": \"nurses\", \"name\": \"Nurses\", \"establishment\": 1000, \"staff_in_post\": 900,\n"
    "        \"leaver_rate\": 0.12, \"fill_rate\": 0.05, \"absence_rate\": 0.05, \"cost_per_fte\": 40000,\n"
    "        \"bank_fill\": 0.3, \"agency_fill\": 0.2, \"agency_premium\": 1.8},\n"
    "       {\"id\": \"doctors\", \"name\": \"Doctors\", \"establishment\": 200, \"staff_in_post\": 190,\n"
    "        \"leaver_rate\": 0.08, \"absence_rate\": 0.03, \"cost_per_fte\": 100000}\n"
    "     ],\n"
    "     \"finance\": {\"revenue_envelope\": 60000000,\n"
    "       \"pressures\": [{\"name\": \"Pay, \\\"award\\\"\", \"amounts\": 1000000},\n"
    "                     {\"name\": \"=SUM(A1)\", \"amounts\": {\"2022/23\": 500000, \"2023/24\": 0}}],\n"
    "       \"funding\": [{\"name\": \"Settlement\", \"amounts\": 2000000}]},\n"
    "     \"backlog\": {\"waiting_list\": 20000, \"referrals\": 3000, \"capacity\": 2900}},\n"
    "    {\"id\": \"south\", \"name\": \"South\",\n"
    "     \"groups\": [{\"id\": \"nurses\", \"name\": \"Nurses\", \"establishment\": 500, \"staff_in_post\": 480,\n"
    "                 \"leaver_rate\": 0.1, \"absence_rate\": 0.04, \"cost_per_fte\": 38000}]}\n"
    "  ]\n"
    "}\n";

static gp_plan *plan;
static gp_result *res;

static void setup(void) {
    gp_diag diag;
    gp_diag_init(&diag);
    plan = gp_load_text(plan_json, &diag);
    cr_assert_not_null(plan, "the test plan must load:\n%s", gp_diag_text(&diag));
    cr_assert_eq(gp_model_run(plan, &res, &diag), GP_OK, "%s", gp_diag_text(&diag));
    gp_diag_free(&diag);
}

static void teardown(void) {
    gp_result_free(res);
    gp_plan_free(plan);
}

TestSuite(writers, .init = setup, .fini = teardown);

/* The result file written into memory; the text is owned by the caller. */
static char *write_json_text(const gp_run_info *info) {
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    cr_assert_eq(gp_result_write_json(res, info, f), GP_OK);
    fclose(f);
    return text;
}

static char *write_csv_text(size_t *size) {
    char *text = NULL;
    FILE *f = open_memstream(&text, size);
    cr_assert_eq(gp_result_write_csv(res, f), GP_OK);
    fclose(f);
    return text;
}

/* ---- JSON ------------------------------------------------------------------------------ */

static void expect_numbers(const cJSON *arr, const double *want, int n, const char *what) {
    cr_assert(cJSON_IsArray(arr), "%s: not an array", what);
    cr_assert_eq(cJSON_GetArraySize(arr), n, "%s: %d values, want %d", what, cJSON_GetArraySize(arr), n);
    int i = 0;
    for (const cJSON *v = arr->child; v; v = v->next, i++) {
        cr_assert(cJSON_IsNumber(v), "%s[%d]: not a number", what, i);
        /* Equal as doubles (so -0 written as 0 passes), and the same bits otherwise. */
        cr_expect(v->valuedouble == want[i], "%s[%d]: read %.17g, result has %.17g", what, i, v->valuedouble,
                  want[i]);
    }
}

/* Every series of a block, monthly, annual and (for stocks) mean, against its JSON object. */
static void expect_block(const cJSON *obj, const gp_block *b, const char *what) {
    const cJSON *monthly = cJSON_GetObjectItemCaseSensitive(obj, "monthly");
    const cJSON *annual = cJSON_GetObjectItemCaseSensitive(obj, "annual");
    char name[256];
    size_t stocks = 0;
    cr_assert_not_null(monthly, "%s: no monthly", what);
    cr_assert_not_null(annual, "%s: no annual", what);
    for (size_t s = 0; s < b->nseries; s++) {
        const char *series = b->series[s].name;
        snprintf(name, sizeof name, "%s.monthly.%s", what, series);
        expect_numbers(cJSON_GetObjectItemCaseSensitive(monthly, series), gp_block_monthly(b, s), b->months,
                       name);
        snprintf(name, sizeof name, "%s.annual.%s", what, series);
        expect_numbers(cJSON_GetObjectItemCaseSensitive(annual, series), gp_block_annual(b, s), b->nfys, name);
        char mean[128];
        snprintf(mean, sizeof mean, "%s_mean", series);
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(annual, mean);
        if (b->series[s].agg == GP_AGG_STOCK) {
            stocks++;
            snprintf(name, sizeof name, "%s.annual.%s", what, mean);
            expect_numbers(m, gp_block_mean(b, s), b->nfys, name);
        } else {
            cr_expect_null(m, "%s: a flow has no %s", what, mean);
        }
    }
    cr_expect_eq((size_t)cJSON_GetArraySize(monthly), b->nseries, "%s: monthly series", what);
    cr_expect_eq((size_t)cJSON_GetArraySize(annual), b->nseries + stocks, "%s: annual series", what);
}

static void expect_lines(const cJSON *arr, const gp_block *b, const char *what) {
    size_t n = b ? b->nseries : 0;
    cr_assert(cJSON_IsArray(arr), "%s: not an array", what);
    cr_assert_eq((size_t)cJSON_GetArraySize(arr), n, "%s: lines", what);
    size_t i = 0;
    for (const cJSON *line = arr->child; line; line = line->next, i++) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(line, "name");
        cr_assert(cJSON_IsString(name));
        cr_expect_str_eq(name->valuestring, b->series[i].name);
        expect_numbers(cJSON_GetObjectItemCaseSensitive(line, "monthly"), gp_block_monthly(b, i), b->months, what);
        expect_numbers(cJSON_GetObjectItemCaseSensitive(line, "annual"), gp_block_annual(b, i), b->nfys, what);
    }
}

/* A unit's groups (then total), finance and backlog against its result. */
static void expect_unit(const cJSON *obj, const gp_unit_result *u, const char *what) {
    const cJSON *groups = cJSON_GetObjectItemCaseSensitive(obj, "groups");
    char name[256];
    cr_assert_eq((size_t)cJSON_GetArraySize(groups), u->ngroups + 1, "%s: groups and total", what);
    size_t g = 0;
    for (const cJSON *grp = groups->child; grp; grp = grp->next, g++) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(grp, "id");
        cr_assert(cJSON_IsString(id));
        cr_expect_str_eq(id->valuestring, u->groups[g].id);
        snprintf(name, sizeof name, "%s.groups[%zu]", what, g);
        expect_block(grp, &u->groups[g], name);
    }
    const cJSON *total = cJSON_GetArrayItem(groups, (int)u->ngroups);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(total, "id")->valuestring, "total");
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(total, "name")->valuestring, "Total");

    const cJSON *finance = cJSON_GetObjectItemCaseSensitive(obj, "finance");
    if (u->finance) {
        snprintf(name, sizeof name, "%s.finance", what);
        expect_block(finance, u->finance, name);
        expect_lines(cJSON_GetObjectItemCaseSensitive(finance, "pressures"), u->pressures, name);
        expect_lines(cJSON_GetObjectItemCaseSensitive(finance, "funding"), u->funding, name);
    } else {
        cr_expect_null(finance, "%s: no finance block, so no finance key", what);
    }
    const cJSON *backlog = cJSON_GetObjectItemCaseSensitive(obj, "backlog");
    if (u->backlog) {
        snprintf(name, sizeof name, "%s.backlog", what);
        expect_block(backlog, u->backlog, name);
    } else {
        cr_expect_null(backlog, "%s: no backlog block, so no backlog key", what);
    }
}

static void expect_labels(const cJSON *arr, const char *const *want, int n) {
    cr_assert_eq(cJSON_GetArraySize(arr), n);
    for (int i = 0; i < n; i++)
        cr_expect_str_eq(cJSON_GetArrayItem(arr, i)->valuestring, want[i]);
}

Test(writers, json_numbers_read_back_exactly) {
    gp_run_info info = {.plan_name = plan->name};
    char *text = write_json_text(&info);
    cJSON *doc = cJSON_Parse(text);
    cr_assert_not_null(doc, "the result file must parse");

    const cJSON *units = cJSON_GetObjectItemCaseSensitive(doc, "units");
    cr_assert_eq(cJSON_GetArraySize(units), 2);
    expect_unit(cJSON_GetArrayItem(units, 0), &res->units[0], "units[0]");
    expect_unit(cJSON_GetArrayItem(units, 1), &res->units[1], "units[1]");
    expect_unit(cJSON_GetObjectItemCaseSensitive(doc, "all_units"), &res->all_units, "all_units");
    cJSON_Delete(doc);
    free(text);
}

Test(writers, json_keys_in_order) {
    static const char *const top[] = {"gapplan", "version", "plan", "provenance", "scenarios", "months",
                                      "fys", "partial_fys", "units", "all_units"};
    gp_run_info info = {.plan_name = plan->name, .plan_file = "plan.json", .command_line = "gapplan run"};
    char *text = write_json_text(&info);
    cJSON *doc = cJSON_Parse(text);
    cr_assert_not_null(doc);
    int i = 0;
    for (const cJSON *k = doc->child; k; k = k->next, i++) {
        cr_assert_lt(i, 10, "unexpected key %s", k->string);
        cr_expect_str_eq(k->string, top[i]);
    }
    cr_expect_eq(i, 10);
    cr_expect_eq(cJSON_GetObjectItemCaseSensitive(doc, "gapplan")->valuedouble, 1);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(doc, "version")->valuestring, GP_VERSION);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(doc, "plan")->valuestring, "Writers test, \"quoted\"");

    /* 20 months from 2022-10: 2022/23 has 6 of its months, 2024/25 two. */
    const cJSON *months = cJSON_GetObjectItemCaseSensitive(doc, "months");
    cr_assert_eq(cJSON_GetArraySize(months), 20);
    cr_expect_str_eq(cJSON_GetArrayItem(months, 0)->valuestring, "2022-10");
    cr_expect_str_eq(cJSON_GetArrayItem(months, 19)->valuestring, "2024-05");
    static const char *const fys[] = {"2022/23", "2023/24", "2024/25"};
    static const char *const partial[] = {"2022/23", "2024/25"};
    expect_labels(cJSON_GetObjectItemCaseSensitive(doc, "fys"), fys, 3);
    expect_labels(cJSON_GetObjectItemCaseSensitive(doc, "partial_fys"), partial, 2);

    /* Provenance: only the members known. */
    const cJSON *prov = cJSON_GetObjectItemCaseSensitive(doc, "provenance");
    cr_expect_eq(cJSON_GetArraySize(prov), 2);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(prov, "plan_file")->valuestring, "plan.json");
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(prov, "command")->valuestring, "gapplan run");
    cr_expect_null(cJSON_GetObjectItemCaseSensitive(prov, "plan_sha256"));
    const cJSON *sc = cJSON_GetObjectItemCaseSensitive(doc, "scenarios");
    cr_expect(cJSON_IsArray(sc) && cJSON_GetArraySize(sc) == 0);

    /* Units: id, name, groups, then finance and backlog only where the unit has them. */
    const cJSON *north = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "units"), 0);
    static const char *const unit_keys[] = {"id", "name", "groups", "finance", "backlog"};
    i = 0;
    for (const cJSON *k = north->child; k; k = k->next, i++)
        cr_expect_str_eq(k->string, unit_keys[i]);
    cr_expect_eq(i, 5);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(north, "name")->valuestring, "Trust, \"North\"");
    const cJSON *south = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "units"), 1);
    cr_expect_eq(cJSON_GetArraySize(south), 3, "south has no finance and no backlog");

    /* all_units: one group per id in first-seen order, then total; finance and backlog from north. */
    const cJSON *all = cJSON_GetObjectItemCaseSensitive(doc, "all_units");
    const cJSON *groups = cJSON_GetObjectItemCaseSensitive(all, "groups");
    cr_assert_eq(cJSON_GetArraySize(groups), 3);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(groups, 0), "id")->valuestring, "nurses");
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(groups, 1), "id")->valuestring, "doctors");
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(groups, 2), "id")->valuestring, "total");
    cr_expect_not_null(cJSON_GetObjectItemCaseSensitive(all, "finance"));
    cr_expect_not_null(cJSON_GetObjectItemCaseSensitive(all, "backlog"));
    /* staff in post at t = 0: 900 + 480 nurses; 900 + 190 + 480 in total. */
    const cJSON *nurses = cJSON_GetArrayItem(groups, 0);
    const cJSON *sip = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(nurses, "monthly"),
                                                        "staff_in_post");
    cr_expect_eq(cJSON_GetArrayItem(sip, 0)->valuedouble, 1380);
    cJSON_Delete(doc);
    free(text);
}

Test(writers, json_provenance_and_scenarios) {
    gp_param_value params[] = {{"points", "1.5"}, {"from", "\"2022-04\""}};
    gp_scenario_info sc = {.id = "attendance-gain", .title = "Attendance", .source = "DP, 2022",
                           .params = params, .nparams = 2};
    /* A command line with a control character and bytes that are not UTF-8. */
    gp_run_info info = {.plan_name = "P", .plan_file = "dir/plan.json", .plan_sha256 = "ab12",
                        .command_line = "gapplan run 'a\tb' \xff\xfe", .scenarios = &sc, .nscenarios = 1};
    char *text = write_json_text(&info);
    cr_expect(strstr(text, "\"command\": \"gapplan run 'a\\tb' \\ufffd\\ufffd\"") != NULL, "%.400s", text);
    cJSON *doc = cJSON_Parse(text);
    cr_assert_not_null(doc);
    const cJSON *prov = cJSON_GetObjectItemCaseSensitive(doc, "provenance");
    cr_expect_eq(cJSON_GetArraySize(prov), 3);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(prov, "plan_sha256")->valuestring, "ab12");
    const cJSON *s0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "scenarios"), 0);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(s0, "id")->valuestring, "attendance-gain");
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(s0, "source")->valuestring, "DP, 2022");
    cr_expect_null(cJSON_GetObjectItemCaseSensitive(s0, "file"));
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(s0, "params");
    cr_expect_eq(cJSON_GetObjectItemCaseSensitive(p, "points")->valuedouble, 1.5);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(p, "from")->valuestring, "2022-04");
    cJSON_Delete(doc);
    free(text);
}

Test(writers, json_seed_and_metrics) {
    /* An annual metric holds one value per FY of the result. */
    static const double annual[] = {0.125, -2.5};
    gp_metric_value metrics[] = {
        {.name = "peak_gap", .unit = "FTE", .doc = "largest staffing gap", .value = 1234.5},
        {.name = "rate", .unit = "", .doc = "", .annual = annual, .nannual = 2},
    };
    gp_scenario_info sc = {.id = "m", .title = "M", .source = "S", .has_seed = true, .seed = -20220401LL,
                           .metrics = metrics, .nmetrics = 2};
    gp_run_info info = {.plan_name = "P", .scenarios = &sc, .nscenarios = 1};
    char *text = write_json_text(&info);
    cJSON *doc = cJSON_Parse(text);
    cr_assert_not_null(doc, "%.600s", text);
    const cJSON *s0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "scenarios"), 0);
    cr_expect_eq(cJSON_GetObjectItemCaseSensitive(s0, "seed")->valuedouble, -20220401.0);
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(s0, "metrics");
    cr_assert_eq(cJSON_GetArraySize(m), 2);
    const cJSON *peak = cJSON_GetObjectItemCaseSensitive(m, "peak_gap");
    cr_expect_eq(cJSON_GetObjectItemCaseSensitive(peak, "value")->valuedouble, 1234.5);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(peak, "unit")->valuestring, "FTE");
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(peak, "doc")->valuestring, "largest staffing gap");
    const cJSON *rate = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(m, "rate"), "annual");
    cr_assert_eq(cJSON_GetArraySize(rate), 2);
    cr_expect_eq(cJSON_GetArrayItem(rate, 0)->valuedouble, 0.125);
    cr_expect_eq(cJSON_GetArrayItem(rate, 1)->valuedouble, -2.5);
    cJSON_Delete(doc);
    free(text);
}

Test(writers, json_write_failure_is_an_io_error) {
    FILE *f = fopen("/dev/full", "w");
    cr_assert_not_null(f);
    setvbuf(f, NULL, _IONBF, 0);
    errno = 0;
    cr_expect_eq(gp_result_write_json(res, NULL, f), GP_ERR_IO);
    cr_expect_eq(errno, ENOSPC);
    fclose(f);
}

/* ---- CSV ------------------------------------------------------------------------------- */

/* Split one RFC 4180 record at *p into fields (owned strings); advances *p past the line end. */
static int csv_record(const char **p, char **fields, int max) {
    int n = 0;
    const char *s = *p;
    for (;;) {
        char *f = malloc(strlen(s) + 1), *o = f;
        if (*s == '"') {
            for (s++;; s++) {
                if (*s == '"' && s[1] == '"') {
                    *o++ = '"';
                    s++;
                } else if (*s == '"') {
                    s++;
                    break;
                } else {
                    cr_assert_neq(*s, '\0', "unterminated quoted field");
                    *o++ = *s;
                }
            }
        } else {
            while (*s && *s != ',' && *s != '\n') {
                cr_assert_neq(*s, '"', "a quote inside an unquoted field");
                *o++ = *s++;
            }
        }
        *o = '\0';
        cr_assert_lt(n, max);
        fields[n++] = f;
        if (*s == ',') {
            s++;
            continue;
        }
        cr_assert_eq(*s, '\n', "a record ends with LF");
        *p = s + 1;
        return n;
    }
}

static size_t block_rows(const gp_block *b) {
    size_t rows = 0;
    if (!b)
        return 0;
    for (size_t s = 0; s < b->nseries; s++)
        rows += (size_t)b->months + (size_t)b->nfys * (b->series[s].agg == GP_AGG_STOCK ? 2 : 1);
    return rows;
}

static size_t unit_rows(const gp_unit_result *u) {
    size_t rows = block_rows(u->finance) + block_rows(u->pressures) + block_rows(u->funding) +
                  block_rows(u->backlog);
    for (size_t g = 0; g <= u->ngroups; g++)
        rows += block_rows(&u->groups[g]);
    return rows;
}

Test(writers, csv_rows_parse_back) {
    size_t size;
    char *text = write_csv_text(&size);
    const char *p = text;
    char *f[8];
    size_t expected = unit_rows(&res->all_units);
    for (size_t u = 0; u < res->nunits; u++)
        expected += unit_rows(&res->units[u]);

    cr_assert_eq(strncmp(text, "unit,group,block,series,period,value\n", 37), 0);
    cr_assert_eq(csv_record(&p, f, 8), 6);
    for (int i = 0; i < 6; i++)
        free(f[i]);
    size_t rows = 0;
    int checked = 0;
    while (*p) {
        cr_assert_eq(csv_record(&p, f, 8), 6, "row %zu", rows + 1);
        rows++;
        /* Every value of north's nurses reads back as the result's double. */
        if (strcmp(f[0], "north") == 0 && strcmp(f[1], "nurses") == 0 && strcmp(f[3], "staff_in_post") == 0 &&
            strlen(f[4]) == 7 && f[4][4] == '-') {
            const gp_block *b = &res->units[0].groups[0];
            int t = (atoi(f[4]) - 2022) * 12 + atoi(f[4] + 5) - 10;
            cr_expect_eq(strtod(f[5], NULL), gp_block_monthly(b, GP_S_STAFF_IN_POST)[t], "%s", f[4]);
            checked++;
        }
        for (int i = 0; i < 6; i++)
            free(f[i]);
    }
    cr_expect_eq(rows, expected, "rows: got %zu, want %zu", rows, expected);
    cr_expect_eq(checked, 20);
    free(text);
}

Test(writers, csv_rows_exact) {
    size_t size;
    char *text = write_csv_text(&size);
    static const char *const rows[] = {
        "\nnorth,nurses,workforce,staff_in_post,2022-10,900\n",
        "\nnorth,nurses,workforce,establishment,2022-10,1000\n",
        "\nnorth,doctors,workforce,staff_in_post,2022-10,190\n",
        "\nnorth,total,workforce,staff_in_post,2022-10,1090\n",
        "\nsouth,nurses,workforce,cost_per_fte,2022-10,38000\n",
        "\nall_units,nurses,workforce,staff_in_post,2022-10,1380\n",
        "\nall_units,total,workforce,staff_in_post,2022-10,1570\n",
        /* RFC 4180: a comma and quotes inside a field */
        "\nnorth,,pressures,\"Pay, \"\"award\"\"\",2022-10,83333.33333333333\n",
        /* the formula guard */
        "\nnorth,,pressures,'=SUM(A1),2022-10,41666.666666666664\n",
        "\nnorth,,pressures,'=SUM(A1),2023-04,0\n",
        "\nnorth,,funding,Settlement,2022-10,166666.66666666666\n",
        "\nnorth,,backlog,waiting_list,2022-10,20000\n",
        "\nall_units,,backlog,waiting_list,2022-10,20000\n",
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        cr_expect(strstr(text, rows[i]) != NULL, "missing row %s", rows[i] + 1);
    /* Stocks have FY closing and mean rows; flows only the FY sum. */
    cr_expect(strstr(text, "\nnorth,nurses,workforce,staff_in_post_mean,2022/23,") != NULL);
    cr_expect(strstr(text, "\nnorth,nurses,workforce,staff_in_post,2024/25,") != NULL);
    cr_expect(strstr(text, "\nnorth,nurses,workforce,leavers,2023/24,") != NULL);
    cr_expect(strstr(text, "leavers_mean") == NULL);
    cr_expect(strstr(text, "\nsouth,,finance,") == NULL, "south has no finance block");
    free(text);
}

Test(writers, csv_write_failure_is_an_io_error) {
    FILE *f = fopen("/dev/full", "w");
    cr_assert_not_null(f);
    setvbuf(f, NULL, _IONBF, 0);
    errno = 0;
    cr_expect_eq(gp_result_write_csv(res, f), GP_ERR_IO);
    cr_expect_eq(errno, ENOSPC);
    fclose(f);
}
