/*
** tests/test_report_xlsx.c: templates and the workbook writer from C
** (gapplan/report.h): every mistake in a template named by its JSON path,
** the shipped templates load, and a workbook that cannot be written leaves
** nothing behind. tests/xlsx/check_pack.py reads packs back with openpyxl.
*/
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gapplan/model.h"
#include "gapplan/report.h"
#include "helpers.h"

static char *dir;

static void setup(void) {
    dir = gp_temp_dir();
    cr_assert_not_null(dir);
}

static void teardown(void) {
    gp_rm_rf(dir);
    free(dir);
}

TestSuite(report_xlsx, .init = setup, .fini = teardown);

/* Load template text written to dir/t.json; the diag's text in *messages (owned). */
static gp_error load_text(const char *json, gp_template **tpl, char **messages) {
    char *path = gp_write_file(dir, "t.json", json);
    gp_diag diag;
    gp_diag_init(&diag);
    gp_error err = gp_template_load(path, NULL, 0, tpl, &diag);
    *messages = gp_diag_text(&diag);
    gp_diag_free(&diag);
    free(path);
    return err;
}

#define EXPECT_HAS(text, want) cr_expect(strstr((text), (want)) != NULL, "lacks [%s] in:\n%s", (want), (text))

Test(report_xlsx, the_shipped_templates_load) {
    char *templates = gp_source_path("templates");
    const char *dirs[] = {templates};
    static const char *const names[] = {"board-pack", "workforce-detail"};
    for (size_t i = 0; i < 2; i++) {
        gp_diag diag;
        gp_diag_init(&diag);
        gp_template *tpl = NULL;
        cr_expect_eq(gp_template_load(names[i], dirs, 1, &tpl, &diag), GP_OK, "%s", names[i]);
        cr_expect_eq(strlen(gp_template_sha256(tpl)), 64);
        gp_template_free(tpl);
        gp_diag_free(&diag);
    }
    gp_diag diag;
    gp_diag_init(&diag);
    gp_template *tpl = NULL;
    cr_expect_eq(gp_template_load("board-pak", dirs, 1, &tpl, &diag), GP_ERR_IO);
    char *text = gp_diag_text(&diag);
    EXPECT_HAS(text, "no template 'board-pak' (looked for board-pak.json in 1 folder: ");
    free(text);
    gp_diag_free(&diag);
    free(templates);
}

Test(report_xlsx, every_template_mistake_is_named_by_its_json_path) {
    gp_template *tpl = NULL;
    char *m = NULL;
    cr_expect_eq(load_text("{\"gapplan_template\": 1, \"nmae\": \"x\", \"formats\": {\"mony\": \"0\", "
                           "\"header_color\": \"blue\"}, \"sheets\": [\n"
                           " {\"kind\": \"sumary\", \"name\": \"S\"},\n"
                           " {\"kind\": \"workforce\", \"name\": \"A very long sheet name past Excel's limit\"},\n"
                           " {\"kind\": \"finance\", \"name\": \"F:1\"},\n"
                           " {\"kind\": \"backlog\", \"name\": \"s\", \"series\": [\"waiting_lst\"]},\n"
                           " {\"kind\": \"summary\", \"name\": \"T\", \"rows\": [{\"series\": \"vacancies\"}]},\n"
                           " {\"kind\": \"audit\", \"name\": \"A\", \"width\": 500}]}\n",
                           &tpl, &m),
                 GP_ERR_INVALID);
    cr_expect_null(tpl);
    EXPECT_HAS(m, "t.json: nmae: unknown key; did you mean name?");
    EXPECT_HAS(m, "t.json: formats.mony: unknown key; did you mean money?");
    EXPECT_HAS(m, "t.json: formats.header_color: must be a colour \"#RRGGBB\", got \"blue\"");
    EXPECT_HAS(m, "t.json: sheets[0].kind: unknown sheet kind \"sumary\"; did you mean summary?");
    EXPECT_HAS(m, "t.json: sheets[1].name: \"A very long sheet name past Excel's limit\" has 41 characters: Excel "
                  "allows at most 31 in a sheet name");
    EXPECT_HAS(m, "t.json: sheets[2].name: \"F:1\": a sheet name cannot hold any of [ ] : * ? / \\");
    EXPECT_HAS(m, "t.json: sheets[3].name: sheet name \"s\" is used twice (also sheets[0]; Excel ignores case)");
    EXPECT_HAS(m, "t.json: sheets[3].series[0]: unknown series \"waiting_lst\" for a backlog sheet; did you mean "
                  "waiting_list?");
    EXPECT_HAS(m, "t.json: sheets[4].rows[0]: missing required field 'label'");
    EXPECT_HAS(m, "t.json: sheets[5].width: must be within [5, 100], got 500");
    free(m);

    cr_expect_eq(load_text("{\"sheets\": []}", &tpl, &m), GP_ERR_INVALID);
    EXPECT_HAS(m, "t.json: missing required field 'gapplan_template' (the format version, 1)");
    EXPECT_HAS(m, "t.json: sheets: must be a non-empty array of sheets");
    free(m);

    cr_expect_eq(load_text("{\"gapplan_template\": 1, \"sheets\": [{\"kind\": \"summary\", \"name\": \"S\"}],}",
                           &tpl, &m),
                 GP_ERR_INVALID);
    EXPECT_HAS(m, "t.json:1:");
    free(m);
}

Test(report_xlsx, a_workbook_that_cannot_be_written_leaves_nothing) {
    gp_diag diag;
    gp_diag_init(&diag);
    char *path = gp_source_path("examples/trust-400m.json");
    gp_plan *plan = NULL;
    gp_result *res = NULL;
    cr_assert_eq(gp_plan_load_file(path, &plan, &diag), GP_OK);
    cr_assert_eq(gp_model_run(plan, &res, &diag), GP_OK);
    free(path);
    char *templates = gp_source_path("templates");
    const char *dirs[] = {templates};
    gp_template *tpl = NULL;
    cr_assert_eq(gp_template_load("board-pack", dirs, 1, &tpl, &diag), GP_OK);

    /* A plan name that is not UTF-8 and a command line past Excel's cell limit are made safe, not refused. */
    char *long_command = malloc(40000);
    memset(long_command, 'x', 39999);
    long_command[39999] = '\0';
    gp_run_info info = {.plan_name = "Trust \xff\xfe", .command_line = long_command};
    gp_report_run run = {"baseline", plan, res, &info};
    char out[4096];
    snprintf(out, sizeof out, "%s/pack.xlsx", dir);
    cr_expect_eq(gp_report_write_xlsx(&run, 1, tpl, out, &diag), GP_OK);
    struct stat st;
    cr_expect_eq(stat(out, &st), 0);
    cr_expect_gt(st.st_size, 10000);

    /* A folder that does not exist: an I/O error naming the file, and no file. */
    snprintf(out, sizeof out, "%s/no/such/pack.xlsx", dir);
    cr_expect_eq(gp_report_write_xlsx(&run, 1, tpl, out, &diag), GP_ERR_IO);
    char *text = gp_diag_text(&diag);
    EXPECT_HAS(text, "cannot create pack.xlsx in ");
    EXPECT_HAS(text, "/no/such/: No such file or directory");
    free(text);
    cr_expect_neq(stat(out, &st), 0);
    cr_expect_eq(gp_report_write_xlsx(&run, 1, tpl, "-", &diag), GP_ERR_ARGUMENT);

    free(long_command);
    free(templates);
    gp_template_free(tpl);
    gp_result_free(res);
    gp_plan_free(plan);
    gp_diag_free(&diag);
}
