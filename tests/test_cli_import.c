/*
** tests/test_cli_import.c: gapplan import end to end: a workforce table
** becomes a plan whose loaded values are the table's, read by hand; Excel's
** ways of saving a table (a byte order mark, CRLF, quoted fields holding
** commas, quotes and line breaks); every error message exactly, with its
** line and column; exit codes (2 usage, 3 invalid table, 1 I/O); and no
** output file, nor a changed one, after an error.
*/
#include <criterion/criterion.h>
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"

/*
** Three units whose rows interleave (a unit's groups keep their order, the
** units come in the order first seen); optional columns with some cells empty,
** which take the field's default; a unit name given on one row only.
*/
#define WORKFORCE                                                                                               \
    "unit,unit_name,group,group_name,establishment,staff_in_post,leaver_rate,absence_rate,cost_per_fte,"          \
    "fill_rate,clinical,intake_month\n"                                                                         \
    "north,North trust,nurses,Nurses,3200,2880,0.11,0.055,47000,0.03,yes,9\n"                                   \
    "central,Central trust,nurses,Nurses,4100,3649,0.12,0.057,48000,,true,\n"                                   \
    "north,,doctors,Doctors,1100,1023,0.08,0.04,105000,0.02,no,8\n"                                             \
    "south,South trust,nurses,,2500,2300,0.1,0.052,46500,0.03,1,\n"                                             \
    "central,,support,Support,2800,2604,0.13,0.059,36000,0.04,0,\n"

/* As Excel writes "CSV UTF-8": a byte order mark, CRLF, quotes where a cell needs them; a blank line too. */
#define EXCEL                                                                                                   \
    "\xEF\xBB\xBF"                                                                                              \
    "Unit,\"Group\",Unit_Name,GROUP_NAME,Establishment,staff_in_post,leaver_rate,absence_rate,cost_per_fte\r\n" \
    "a,\"b\",\"Trust, \"\"A\"\"\",\"Nurses,\r\nmidwives\",100,90,0.1,0.05,40000\r\n"                           \
    "\r\n"                                                                                                      \
    "a, c ,,\"\",\"10\",9,0.2,0.06,41000\r\n"

#define HEADER "unit,group,establishment,staff_in_post,leaver_rate,absence_rate,cost_per_fte"

static char *dir;

static void setup(void) {
    dir = gp_temp_dir();
    cr_assert_not_null(dir);
    free(gp_write_file(dir, "workforce.csv", WORKFORCE));
    free(gp_write_file(dir, "excel.csv", EXCEL));
}

static void teardown(void) {
    gp_rm_rf(dir);
    free(dir);
}

TestSuite(cli_import, .init = setup, .fini = teardown, .timeout = 60);

#define RUN(...) gp_run_cli(dir, (const char *const[]){__VA_ARGS__, NULL})

static char *path_in(const char *name) {
    char *p = malloc(PATH_MAX);
    cr_assert_not_null(p);
    snprintf(p, PATH_MAX, "%s/%s", dir, name);
    return p;
}

static bool exists(const char *name) {
    char *p = path_in(name);
    struct stat st;
    bool yes = stat(p, &st) == 0;
    free(p);
    return yes;
}

/* Files in the folder: a failed import must leave no temporary file behind. */
static int files_in_dir(void) {
    DIR *d = opendir(dir);
    int n = 0;
    cr_assert_not_null(d);
    for (struct dirent *e; (e = readdir(d));)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static gp_plan *load_out(const char *name) {
    char *p = path_in(name);
    gp_diag diag;
    gp_plan *plan = NULL;
    gp_diag_init(&diag);
    gp_error err = gp_plan_load_file(p, &plan, &diag);
    char *text = gp_diag_text(&diag);
    cr_assert_eq(err, GP_OK, "%s does not load:\n%s", name, text);
    free(text);
    gp_diag_free(&diag);
    free(p);
    return plan;
}

/* A schedule given as one number holds it in every month of the horizon. */
static void expect_constant(const double *s, int months, double v, const char *what) {
    for (int t = 0; t < months; t++)
        if (!gp_close(s[t], v)) {
            cr_expect(false, "%s[%d] is %.17g, expected %.17g", what, t, s[t], v);
            return;
        }
}

static void expect_group(const gp_group *g, const char *id, const char *name, double est, double sip, double leavers,
                         double absence, double cost, double fill, bool clinical, int intake, int months) {
    cr_expect_str_eq(g->id, id);
    cr_expect_str_eq(g->name, name);
    cr_expect(gp_close(g->establishment, est), "%s establishment %g", id, g->establishment);
    cr_expect(gp_close(g->staff_in_post, sip), "%s staff_in_post %g", id, g->staff_in_post);
    cr_expect(gp_close(g->cost_per_fte, cost), "%s cost_per_fte %g", id, g->cost_per_fte);
    expect_constant(g->leaver_rate, months, leavers, "leaver_rate");
    expect_constant(g->absence_rate, months, absence, "absence_rate");
    expect_constant(g->fill_rate, months, fill, "fill_rate");
    expect_constant(g->agency_premium, months, 1, "agency_premium"); /* not in the table: the default */
    cr_expect_eq(g->clinical, clinical, "%s clinical", id);
    cr_expect_eq(g->intake_month, intake, "%s intake_month", id);
}

/* ---- the plan written --------------------------------------------------------------------------- */

Test(cli_import, three_units_load_with_the_tables_values) {
    gp_cmd_result r = RUN("import", "workforce.csv", "-o", "plan.json");
    cr_assert_eq(r.status, 0, "stderr:\n%s", r.err);
    cr_expect_str_eq(r.out, "wrote plan.json: 3 units, 5 groups, 60 months from 2022-04; next: gapplan check "
                            "plan.json\n");
    cr_expect_str_eq(r.err, "");
    gp_cmd_result_free(&r);

    gp_plan *plan = load_out("plan.json");
    cr_expect_str_eq(plan->name, "workforce");
    cr_expect_str_eq(plan->description, "imported from the workforce table workforce.csv");
    cr_expect_eq(plan->cal.start, gp_month_make(2022, 4));
    cr_expect_eq(plan->cal.months, 60);
    cr_assert_eq(plan->nunits, 3);
    const gp_unit *north = &plan->units[0], *central = &plan->units[1], *south = &plan->units[2];
    cr_expect_str_eq(north->id, "north");
    cr_expect_str_eq(north->name, "North trust");
    cr_expect_str_eq(central->id, "central");
    cr_expect_str_eq(central->name, "Central trust");
    cr_expect_str_eq(south->id, "south");
    cr_expect_str_eq(south->name, "South trust");
    cr_expect_null(north->finance);
    cr_expect_null(north->backlog);
    cr_assert_eq(north->ngroups, 2);
    cr_assert_eq(central->ngroups, 2);
    cr_assert_eq(south->ngroups, 1);
    expect_group(&north->groups[0], "nurses", "Nurses", 3200, 2880, 0.11, 0.055, 47000, 0.03, true, 9, 60);
    expect_group(&north->groups[1], "doctors", "Doctors", 1100, 1023, 0.08, 0.04, 105000, 0.02, false, 8, 60);
    /* An empty fill_rate and intake_month take the defaults, 0 and September. */
    expect_group(&central->groups[0], "nurses", "Nurses", 4100, 3649, 0.12, 0.057, 48000, 0, true, 9, 60);
    expect_group(&central->groups[1], "support", "Support", 2800, 2604, 0.13, 0.059, 36000, 0.04, false, 9, 60);
    /* No group_name: the name is the id, as in a plan file. */
    expect_group(&south->groups[0], "nurses", "nurses", 2500, 2300, 0.1, 0.052, 46500, 0.03, true, 9, 60);
    gp_plan_free(plan);

    r = RUN("check", "plan.json");
    cr_expect_eq(r.status, 0);
    cr_expect_str_eq(r.out, "plan.json: OK (3 units, 5 groups, 60 months from 2022-04)\n");
    gp_cmd_result_free(&r);
}

Test(cli_import, start_months_and_name_from_the_options) {
    gp_cmd_result r = RUN("import", "workforce.csv", "--start", "2023-01", "--months", "24", "--name",
                          "Three \"trusts\"", "-o", "plan.json");
    cr_assert_eq(r.status, 0, "stderr:\n%s", r.err);
    cr_expect_str_eq(r.out, "wrote plan.json: 3 units, 5 groups, 24 months from 2023-01; next: gapplan check "
                            "plan.json\n");
    gp_cmd_result_free(&r);
    gp_plan *plan = load_out("plan.json");
    cr_expect_str_eq(plan->name, "Three \"trusts\"");
    cr_expect_eq(plan->cal.start, gp_month_make(2023, 1));
    cr_expect_eq(plan->cal.months, 24);
    expect_constant(plan->units[0].groups[0].leaver_rate, 24, 0.11, "leaver_rate");
    gp_plan_free(plan);
}

Test(cli_import, bom_crlf_and_quoted_fields) {
    gp_cmd_result r = RUN("import", "excel.csv", "-o", "plan.json");
    cr_assert_eq(r.status, 0, "stderr:\n%s", r.err);
    cr_expect_str_eq(r.out, "wrote plan.json: 1 unit, 2 groups, 60 months from 2022-04; next: gapplan check "
                            "plan.json\n");
    gp_cmd_result_free(&r);
    gp_plan *plan = load_out("plan.json");
    cr_assert_eq(plan->nunits, 1);
    const gp_unit *u = &plan->units[0];
    /* The byte order mark is not part of "Unit"; "" is a quote; a quoted line break is one "\n". */
    cr_expect_str_eq(u->id, "a");
    cr_expect_str_eq(u->name, "Trust, \"A\"");
    cr_assert_eq(u->ngroups, 2);
    expect_group(&u->groups[0], "b", "Nurses,\nmidwives", 100, 90, 0.1, 0.05, 40000, 0, true, 9, 60);
    /* Blanks around an unquoted cell are dropped; an empty quoted name is no name; a quoted number is a number. */
    expect_group(&u->groups[1], "c", "c", 10, 9, 0.2, 0.06, 41000, 0, true, 9, 60);
    gp_plan_free(plan);
}

Test(cli_import, the_shipped_example_checks) {
    char *csv = gp_source_path("examples/three-trusts.csv");
    gp_cmd_result r = RUN("import", csv, "-o", "trusts.json");
    cr_assert_eq(r.status, 0, "stderr:\n%s", r.err);
    cr_expect_str_eq(r.out, "wrote trusts.json: 3 units, 12 groups, 60 months from 2022-04; next: gapplan check "
                            "trusts.json\n");
    gp_cmd_result_free(&r);
    r = RUN("check", "trusts.json");
    cr_expect_eq(r.status, 0);
    cr_expect_str_eq(r.out, "trusts.json: OK (3 units, 12 groups, 60 months from 2022-04)\n");
    gp_cmd_result_free(&r);
    gp_plan *plan = load_out("trusts.json");
    cr_expect_str_eq(plan->name, "three-trusts");
    cr_expect_str_eq(plan->units[1].id, "central");
    cr_expect_str_eq(plan->units[0].groups[2].name, "Allied health professionals, scientists and technicians");
    /* The figures are plausible: vacancy rates of 5-12%, leaver rates 0.08-0.14, absence 4-6%, £35k-£110k. */
    for (size_t u = 0; u < plan->nunits; u++)
        for (size_t g = 0; g < plan->units[u].ngroups; g++) {
            const gp_group *gr = &plan->units[u].groups[g];
            double vacancy = 1 - gr->staff_in_post / gr->establishment;
            cr_expect(vacancy >= 0.05 - 1e-9 && vacancy <= 0.12 + 1e-9, "%s vacancy %g", gr->id, vacancy);
            cr_expect(gr->leaver_rate[0] >= 0.08 && gr->leaver_rate[0] <= 0.14);
            cr_expect(gr->absence_rate[0] >= 0.04 && gr->absence_rate[0] <= 0.06);
            cr_expect(gr->cost_per_fte >= 35000 && gr->cost_per_fte <= 110000);
        }
    gp_plan_free(plan);
    free(csv);
}

Test(cli_import, standard_output) {
    gp_cmd_result r = RUN("import", "excel.csv", "-o", "-");
    cr_assert_eq(r.status, 0, "stderr:\n%s", r.err);
    cr_expect(strncmp(r.out, "{\n  \"gapplan\": 1,\n  \"name\": \"excel\",\n", 35) == 0, "%s", r.out);
    gp_diag diag;
    gp_diag_init(&diag);
    gp_plan *plan = gp_load_text(r.out, &diag);
    cr_expect_not_null(plan);
    gp_plan_free(plan);
    gp_diag_free(&diag);
    gp_cmd_result_free(&r);
}

/* ---- the table's problems, each with its line and column ---------------------------------------- */

/* Import `name` (text `csv`): exit 3, exactly `expected` on stderr, nothing on stdout, nothing written. */
static void expect_problems(const char *name, const char *csv, const char *expected) {
    free(gp_write_file(dir, name, csv));
    int before = files_in_dir();
    gp_cmd_result r = RUN("import", name, "-o", "out.json");
    cr_expect_eq(r.status, 3, "%s: exit %d", name, r.status);
    cr_expect_str_eq(r.err, expected);
    cr_expect_str_eq(r.out, "");
    cr_expect(!exists("out.json"), "%s: out.json was written", name);
    cr_expect_eq(files_in_dir(), before, "%s: a file was left behind", name);
    gp_cmd_result_free(&r);
}

Test(cli_import, every_bad_cell_is_reported_with_line_and_column) {
    /* Line 3's quoted name runs on to line 4, so the rows after it are a line further down. */
    expect_problems("bad.csv",
                    HEADER ",group_name\n"
                    "north,nurses,100,90,abc,0.05,40000,Nurses\n"
                    "north,nurses,100,90,0.1,0.05,40000,\"Nurses,\n again\"\n"
                    "North Trust,doctors,100,90,1.7,10%,\"12,000\",\n"
                    "south,total,100,,0.1,0.05,4e4,\n"
                    "south,x,1,2,3\n"
                    ",,,,,,,\n"
                    "south,ahp,100,90,0.1,0.05,40000,,extra\n"
                    "south,,1e999,0x10,-0.1,0.05, 1 ,\n",
                    "gapplan: error: bad.csv:2: column leaver_rate: \"abc\" is not a number\n"
                    "gapplan: error: bad.csv:3: column group: unit north has group nurses already, on line 2\n"
                    "gapplan: error: bad.csv:5: column unit: \"North Trust\" is not an id: use 1 to 64 of a-z, 0-9, "
                    "_ and -\n"
                    "gapplan: error: bad.csv:5: column leaver_rate: must be within [0, 1], got 1.7\n"
                    "gapplan: error: bad.csv:5: column absence_rate: \"10%\" is not a number: write a rate as a "
                    "fraction, 0.1 for 10%\n"
                    "gapplan: error: bad.csv:5: column cost_per_fte: \"12,000\" is not a number: write it without "
                    "thousands separators\n"
                    "gapplan: error: bad.csv:6: column group: the id \"total\" is reserved for the unit's total: "
                    "choose another\n"
                    "gapplan: error: bad.csv:6: column staff_in_post: empty: a plan needs every group's "
                    "staff_in_post\n"
                    "gapplan: error: bad.csv:7: 5 fields, but the header has 8: a comma too many or too few?\n"
                    "gapplan: error: bad.csv:9: 9 fields, but the header has 8: a comma too many or too few?\n"
                    "gapplan: error: bad.csv:10: column group: empty: every row needs its group id\n"
                    "gapplan: error: bad.csv:10: column establishment: \"1e999\" is too large\n"
                    "gapplan: error: bad.csv:10: column staff_in_post: \"0x10\" is not a number\n"
                    "gapplan: error: bad.csv:10: column leaver_rate: must be within [0, 1], got -0.1\n"
                    "gapplan: bad.csv: 14 problems; nothing written\n");
}

Test(cli_import, integers_booleans_and_unit_names) {
    expect_problems("kinds.csv",
                    "unit,unit_name,group,establishment,staff_in_post,leaver_rate,absence_rate,cost_per_fte,"
                    "intake_month,clinical,agency_premium\n"
                    "a,Alpha,x,1,1,0.1,0.05,1,9.5,maybe,-1\n"
                    "a,,y,1,1,0.1,0.05,1,13,YES,\n"
                    "a,Beta,z,1,1,0.1,0.05,1,,,\n",
                    "gapplan: error: kinds.csv:2: column intake_month: must be a whole number, got 9.5\n"
                    "gapplan: error: kinds.csv:2: column agency_premium: must be >= 0, got -1\n"
                    "gapplan: error: kinds.csv:2: column clinical: \"maybe\" is not true or false (yes or no, 1 "
                    "or 0 also do)\n"
                    "gapplan: error: kinds.csv:3: column intake_month: must be within [1, 12], got 13\n"
                    "gapplan: error: kinds.csv:4: column unit_name: \"Beta\" differs from unit a's name \"Alpha\" on "
                    "line 2\n"
                    "gapplan: kinds.csv: 5 problems; nothing written\n");
}

Test(cli_import, the_header_names_known_columns_once) {
    expect_problems("header.csv",
                    "unit,group,Establishment,staff_in_post,leaver_rat,absence_rate,cost_per_fte,establishment,,"
                    "colour\n"
                    "a,b,1,1,0.1,0.05,1,1,,red\n",
                    "gapplan: error: header.csv:1: column leaver_rat: unknown column; did you mean leaver_rate?\n"
                    "gapplan: error: header.csv:1: column establishment: given twice, as columns 3 and 8\n"
                    "gapplan: error: header.csv:1: column 9 has no name\n"
                    "gapplan: error: header.csv:1: column colour: unknown column; the columns are unit, group, "
                    "unit_name, group_name, establishment, establishment_growth, staff_in_post, leaver_rate, "
                    "fill_rate, newly_qualified, intake_month, international, other_joiners, absence_rate, "
                    "budgeted_absence, cost_per_fte, pay_award, bank_fill, agency_fill, bank_premium, "
                    "agency_premium, clinical\n"
                    "gapplan: error: header.csv:1: missing column leaver_rate: a plan needs every group's "
                    "leaver_rate (leavers per year as a share of staff in post)\n"
                    "gapplan: header.csv: 5 problems; nothing written\n");
    expect_problems("noids.csv", "establishment,staff_in_post,leaver_rate,absence_rate,cost_per_fte\n1,1,0.1,0.1,1\n",
                    "gapplan: error: noids.csv:1: missing column unit: every row needs its unit id\n"
                    "gapplan: error: noids.csv:1: missing column group: every row needs its group id\n"
                    "gapplan: noids.csv: 2 problems; nothing written\n");
}

Test(cli_import, csv_syntax_errors_have_line_and_column) {
    expect_problems("syntax.csv",
                    HEADER "\n"
                    "a,b\"c,1,1,0.1,0.05,1\n"
                    "a,\"d\"e,1,1,0.1,0.05,1\n"
                    "a,\xff,1,1,0.1,0.05,1\n"
                    "a,\"f,1,1\n",
                    "gapplan: error: syntax.csv:2:4: a quote inside an unquoted field: quote the whole field and "
                    "write the quote as \"\"\n"
                    "gapplan: error: syntax.csv:3:6: text after a closing quote: a quote inside a quoted field is "
                    "written \"\"\n"
                    "gapplan: error: syntax.csv:4:3: text that is not UTF-8: save the table as \"CSV UTF-8\"\n"
                    "gapplan: error: syntax.csv:5:3: a quoted field is never closed: a quote is missing\n"
                    "gapplan: syntax.csv: 4 problems; nothing written\n");
}

Test(cli_import, empty_tables) {
    expect_problems("empty.csv", "",
                    "gapplan: error: empty.csv: no header row: the first line names the columns (unit, group, "
                    "establishment, staff_in_post, ...), then a row for each staff group\n"
                    "gapplan: empty.csv: 1 problem; nothing written\n");
    expect_problems("header-only.csv", HEADER "\r\n,,,,,,\r\n",
                    "gapplan: error: header-only.csv: no rows below the header: give a row for each staff group\n"
                    "gapplan: header-only.csv: 1 problem; nothing written\n");
}

Test(cli_import, a_rule_between_fields_is_found_by_the_loader_and_placed_in_the_table) {
    expect_problems("fills.csv",
                    HEADER ",bank_fill,agency_fill\n"
                    "a,b,1,1,0.1,0.1,1,0.5,0.5\n"
                    "a,c,1,1,0.1,0.1,1,0.7,0.6\n",
                    "gapplan: error: fills.csv:3: bank_fill + agency_fill is 1.3 in 2022-04: must be at most 1\n"
                    "gapplan: fills.csv: 1 problem; nothing written\n");
}

Test(cli_import, a_failed_import_leaves_an_earlier_plan_untouched) {
    free(gp_write_file(dir, "bad.csv", HEADER "\na,b,1,1,abc,0.1,1\n"));
    free(gp_write_file(dir, "out.json", "earlier\n"));
    gp_cmd_result r = RUN("import", "bad.csv", "-o", "out.json");
    cr_expect_eq(r.status, 3);
    gp_cmd_result_free(&r);
    char *p = path_in("out.json");
    char *text = gp_read_file(p, NULL);
    cr_expect_str_eq(text, "earlier\n");
    free(text);
    free(p);
    cr_expect_eq(files_in_dir(), 4); /* workforce.csv, excel.csv, bad.csv, out.json */
}

/* ---- usage and I/O ------------------------------------------------------------------------------ */

static void expect_exit(int status, const char *expected_err, const char *const *argv) {
    gp_cmd_result r = gp_run_cli(dir, argv);
    cr_expect_eq(r.status, status, "exit %d for %s", r.status, expected_err);
    cr_expect_str_eq(r.err, expected_err);
    gp_cmd_result_free(&r);
    cr_expect(!exists("out.json"));
}

#define EXPECT_EXIT(status, err, ...) expect_exit(status, err, (const char *const[]){__VA_ARGS__, NULL})

Test(cli_import, usage_and_io_errors) {
    EXPECT_EXIT(2,
                "gapplan: error: import needs a table and an output: gapplan import WORKFORCE.csv -o PLAN.json\n"
                "Run 'gapplan help import' for its usage.\n",
                "import", "workforce.csv");
    EXPECT_EXIT(2,
                "gapplan: error: --start '2022-13': expected a month such as 2022-04\n"
                "Run 'gapplan help import' for its usage.\n",
                "import", "workforce.csv", "-o", "out.json", "--start", "2022-13");
    EXPECT_EXIT(2,
                "gapplan: error: --months '601': expected a whole number from 1 to 600\n"
                "Run 'gapplan help import' for its usage.\n",
                "import", "workforce.csv", "-o", "out.json", "--months", "601");
    EXPECT_EXIT(2,
                "gapplan: error: unknown option '--strat'; did you mean --start?\n"
                "Run 'gapplan help import' for its usage.\n",
                "import", "workforce.csv", "-o", "out.json", "--strat", "2022-04");
    EXPECT_EXIT(2, "gapplan: error: the output ./workforce.csv is the table; write the plan somewhere else\n",
                "import", "workforce.csv", "-o", "./workforce.csv");
    EXPECT_EXIT(1, "gapplan: error: cannot open missing.csv: No such file or directory\n", "import", "missing.csv",
                "-o", "out.json");
    EXPECT_EXIT(1, "gapplan: error: cannot create plan.json in out.json.d/: No such file or directory\n", "import",
                "workforce.csv", "-o", "out.json.d/plan.json");
}

Test(cli_import, help) {
    gp_cmd_result r = RUN("help", "import");
    cr_expect_eq(r.status, 0);
    cr_expect(strstr(r.out, "Usage: gapplan import WORKFORCE.csv -o PLAN.json [--start YYYY-MM] [--months N]") ==
              r.out);
    cr_expect(strstr(r.out, "Exit status: 0 success") != NULL);
    gp_cmd_result_free(&r);
    r = RUN("import", "--help");
    cr_expect_eq(r.status, 0);
    cr_expect(strstr(r.out, "Usage: gapplan import") == r.out);
    gp_cmd_result_free(&r);
    r = RUN("imprt");
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "unknown command 'imprt'; did you mean import?") != NULL, "%s", r.err);
    gp_cmd_result_free(&r);
}
