/*
** cli/help.c: the command's help: `gapplan --help`, `gapplan help [COMMAND]`
** and `gapplan COMMAND --help`. Short and concrete: what it does, its
** options, an example, the exit status.
*/
#include <string.h>

#include "cli.h"
#include "examples.h"
#include "gapplan/version.h"

const char *const gp_cli_commands[] = {"run", "compare", "check", "plugins", "init", "import", "help", "mc",
                                       "sensitivity", "solve", NULL};

static const char exit_status[] =
    "Exit status: 0 success, 1 a failure while running or writing (a file that cannot\n"
    "be read or written, a result that is not a number), 2 a usage error, 3 invalid\n"
    "plan data, 4 a plugin error (a Lua error, a bad param value, a sandbox, budget\n"
    "or memory breach).\n";

static const char usage_text[] =
    "Usage: gapplan COMMAND [OPTIONS]\n"
    "\n"
    "  gapplan init -o plan.json              write an example plan to start from\n"
    "  gapplan check plan.json                validate a plan, listing every problem\n"
    "  gapplan run plan.json -o pack.xlsx     run the model, write the board pack\n"
    "  gapplan plugins list                   the scenarios you can apply with -s\n"
    "\n"
    "Run 'gapplan help' for more.\n";

static const char main_text[] =
    "gapplan: workforce and funding gap planner for health and care organisations.\n"
    "\n"
    "Usage: gapplan COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  run PLAN.json -o OUT     run the model and write a board pack (.xlsx) or results (JSON, CSV),\n"
    "                           with scenarios applied (-s ID)\n"
    "  compare PLAN.json -s A -s B -o OUT\n"
    "                           the baseline, each scenario alone and all together\n"
    "  check PLAN.json          validate a plan and list every problem in it\n"
    "  plugins [list|show ID]   the scenarios found, or one scenario's params\n"
    "  init -o PLAN.json        write an example plan to edit\n"
    "  import WORKFORCE.csv -o PLAN.json\n"
    "                           make a plan from a workforce table, a row a staff group\n"
    "  mc PLAN.json -s ID -n N -o OUT.xlsx\n"
    "                           Monte Carlo: P5..P95 of every headline series over N runs\n"
    "  sensitivity PLAN.json -s ID --metric SERIES[@PERIOD]\n"
    "                           each uncertain input at its low and high: a tornado table\n"
    "  solve PLAN.json -s ID --target 'SERIES@PERIOD <= V' --vary ID.PARAM[=LOW..HIGH]\n"
    "                           the param value that meets a target, within a plausible range\n"
    "  help [COMMAND]           show this help, or one command's\n"
    "\n"
    "Options:\n"
    "  -h, --help               show this help\n"
    "  --version                show gapplan's version\n"
    "\n"
    "Example:\n"
    "  gapplan init -o plan.json && gapplan run plan.json -o results.json\n"
    "  gapplan run plan.json -s attendance-gain --set attendance-gain.points=2 -o results.json\n"
    "\n";

/* The plugin options run and compare share. */
#define PLUGIN_OPTIONS \
    "  -s, --scenario ID|FILE  apply a scenario: an id on the plugin path or a .lua file;\n" \
    "                       repeat it to apply several, in order\n" \
    "  --set ID.PARAM=VALUE change a scenario's param from its default (repeatable);\n" \
    "                       'gapplan plugins show ID' lists the params\n" \
    "  --plugin-budget N    Lua instructions each scenario may run (default 200M;\n" \
    "                       suffixes k, M, G)\n" \
    "  --plugin-memory SIZE memory each scenario's Lua may hold (default 256M; K, M, G)\n" \
    "  --seed N             seed of math.random in plugins (default 20220401; recorded)\n"

#define PLUGIN_PATH_TEXT \
    "Scenarios are found in the shipped plugins folder, then in each folder of\n" \
    "GAPPLAN_PLUGIN_PATH (colon-separated); a file there is named ID.lua.\n"

/* The board pack's two modes (docs/templates.md "A live pack"). */
#define LIVE_OPTIONS \
    "  --values             write the pack's figures as plain numbers (for very large plans)\n" \
    "  --live               write every figure as a formula over the Assumptions sheet,\n" \
    "                       whatever the plan's size (the default up to 100 units and\n" \
    "                       50,000 group-months: change an assumption, the pack follows)\n"

static const char run_text[] =
    "Usage: gapplan run PLAN.json [-s SCENARIO]... [--set ID.PARAM=VALUE]...\n"
    "                   -o OUT [--format xlsx|json|csv] [--template NAME|PATH]\n"
    "\n"
    "Applies the scenarios to the plan in the order given, runs the model over every\n"
    "month and writes the results: each staff group, finance and waiting-list figure\n"
    "by month and by financial year, with totals, and the scenarios with their\n"
    "params: as a board pack (an Excel workbook laid out by a template), a JSON\n"
    "result or a CSV table. The output is written to a temporary file beside OUT and\n"
    "renamed into place, so a failed or interrupted run leaves an existing OUT\n"
    "untouched.\n"
    "\n"
    "Options:\n"
    "  -o, --output OUT     where to write: a .xlsx, .json or .csv file, or - (JSON, CSV)\n"
    "  --format FORMAT      xlsx, json or csv (default: from OUT's extension)\n"
    "  --template NAME|PATH the workbook's layout: board-pack (default), workforce-detail,\n"
    "                       or a template file (docs/templates.md)\n"
    LIVE_OPTIONS
    PLUGIN_OPTIONS
    "  -h, --help           show this help\n"
    "\n"
    PLUGIN_PATH_TEXT
    "\n"
    "Examples:\n"
    "  gapplan run plan.json -o board-pack.xlsx\n"
    "  gapplan run plan.json -o results.json\n"
    "  gapplan run plan.json -s attendance-gain -s international-nurses -o results.csv\n"
    "  gapplan run plan.json -s my-scenario.lua --set my-scenario.per_year=500 -o out.json\n"
    "  gapplan run plan.json -o - --format csv | grep staffing_gap\n"
    "\n";

static const char compare_text[] =
    "Usage: gapplan compare PLAN.json -s A [-s B]... [--set ID.PARAM=VALUE]... -o OUT.xlsx|OUT.json\n"
    "\n"
    "Runs the plan as it is (the baseline), with each scenario alone, and with all of\n"
    "them together, and writes the runs side by side: a board pack whose Summary puts\n"
    "each run and its change from the baseline on its own row, with charts; or a JSON\n"
    "file whose \"runs\" are named baseline, each scenario's id, and all (when there\n"
    "are two or more), each laid out as a 'gapplan run' result.\n"
    "\n"
    "Options:\n"
    "  -o, --output OUT     where to write: a .xlsx or .json file, or - with --format json\n"
    "  --format xlsx|json   the format (default: from OUT's extension)\n"
    "  --template NAME|PATH the workbook's layout (default: board-pack)\n"
    LIVE_OPTIONS
    PLUGIN_OPTIONS
    "  -h, --help           show this help\n"
    "\n"
    PLUGIN_PATH_TEXT
    "\n"
    "Example:\n"
    "  gapplan compare plan.json -s attendance-gain -s international-nurses -o compare.xlsx\n"
    "\n";

static const char plugins_text[] =
    "Usage: gapplan plugins [list]\n"
    "       gapplan plugins show ID|FILE\n"
    "\n"
    "list shows every scenario on the plugin path with its title, and the folders\n"
    "searched; show prints one scenario's source, file, SHA-256 and params, with\n"
    "their types, defaults, ranges, units and meaning.\n"
    "\n"
    PLUGIN_PATH_TEXT
    "A scenario that cannot be loaded, or an id found in two files, is marked and\n"
    "makes the exit status 4.\n"
    "\n"
    "Options:\n"
    "  -h, --help           show this help\n"
    "\n"
    "Examples:\n"
    "  gapplan plugins list\n"
    "  gapplan plugins show attendance-gain\n"
    "\n";

static const char check_text[] =
    "Usage: gapplan check PLAN.json\n"
    "\n"
    "Validates a plan and prints every problem, not just the first, one a line on\n"
    "standard error, with the file and the place in it:\n"
    "  gapplan: plan.json: units[0].groups[2].leaver_rate: must be within [0, 1], got 1.7\n"
    "A valid plan gets a one-line summary on standard output.\n"
    "\n"
    "Options:\n"
    "  -h, --help           show this help\n"
    "\n"
    "Example:\n"
    "  gapplan check plan.json\n"
    "\n";

static const char init_text[] =
    "Usage: gapplan init [--example NAME] [--force] -o PLAN.json\n"
    "\n"
    "Writes an example plan to start from. It will not replace an existing file\n"
    "unless --force is given.\n"
    "\n"
    "Options:\n"
    "  -o, --output PLAN.json  where to write it, or - for standard output\n"
    "  --example NAME          which example (default: england-2022)\n"
    "  --force                 replace an existing file\n"
    "  -h, --help              show this help\n"
    "\n"
    "Examples:\n"
    "  gapplan init -o plan.json\n"
    "  gapplan init --example trust-400m -o trust.json\n"
    "\n";

static const char import_text[] =
    "Usage: gapplan import WORKFORCE.csv -o PLAN.json [--start YYYY-MM] [--months N]\n"
    "                      [--name TEXT]\n"
    "\n"
    "Makes a plan from a workforce table: a CSV file (as Excel saves it: quoted\n"
    "fields, CRLF or LF, a UTF-8 byte order mark) whose first row names the\n"
    "columns, in any case, then a row for each staff group of each unit. Rows with\n"
    "the same unit id make one unit, in the order the table first gives them.\n"
    "\n"
    "Columns: unit and group (ids: a-z, 0-9, _ and -), unit_name, group_name, and\n"
    "any staff group field of a plan (docs/methodology.md), one value a group:\n"
    "establishment, staff_in_post, leaver_rate, absence_rate and cost_per_fte are\n"
    "needed; fill_rate, agency_fill, clinical (yes/no) and the others are optional,\n"
    "and an empty cell takes the field's default. Rates are fractions (0.1, not 10%).\n"
    "\n"
    "Every problem is reported with its line and column, and then nothing is\n"
    "written:\n"
    "  gapplan: error: workforce.csv:7: column leaver_rate: \"abc\" is not a number\n"
    "The plan is checked as 'gapplan check' would before it is written, through a\n"
    "temporary file renamed into place.\n"
    "\n"
    "Options:\n"
    "  -o, --output PLAN.json  where to write the plan, or - for standard output\n"
    "  --start YYYY-MM         the plan's first month (default: 2022-04)\n"
    "  --months N              its length in months, 1 to 600 (default: 60)\n"
    "  --name TEXT             its name (default: the table's file name)\n"
    "  -h, --help              show this help\n"
    "\n"
    "Example:\n"
    "  gapplan import examples/three-trusts.csv -o trusts.json && gapplan check trusts.json\n"
    "\n";

/* The uncertainty tools' plugin options: as run's, without --seed where mc uses it for its own draws. */
#define TOOL_PLUGIN_OPTIONS \
    "  -s, --scenario ID|FILE  apply a scenario (repeatable, in order)\n" \
    "  --set ID.PARAM=VALUE fix a scenario's param (it is then not uncertain)\n" \
    "  --plugin-budget N    Lua instructions each scenario may run (default 200M)\n" \
    "  --plugin-memory SIZE memory each scenario's Lua may hold (default 256M)\n"

#define UNCERTAIN_TEXT \
    "The uncertain inputs are the applied scenarios' params that declare low and\n" \
    "high (gapplan plugins show ID), and the plan inputs in the plan's \"ranges\"\n" \
    "block, which may also declare rank correlations between them (docs/uncertainty.md).\n"

#define SERIES_TEXT \
    "SERIES is UNIT.GROUP.NAME (england.nurses.vacancy_rate, GROUP may be total) or\n" \
    "UNIT.NAME (england.revenue_gap, england.waiting_list); UNIT may be all_units,\n" \
    "or a system of the plan (icb.waiting_list, icb.pool, icb.moved: no groups).\n" \
    "PERIOD is a month (2025-03) or an FY (2024/25: the FY sum of a flow, the closing\n" \
    "value of a stock); without one, the last FY.\n"

static const char mc_text[] =
    "Usage: gapplan mc PLAN.json [-s SCENARIO]... [--set ID.PARAM=VALUE]... -n N\n"
    "                  [--seed S] [--threads K] -o OUT.json|OUT.xlsx\n"
    "\n"
    "Runs the plan N times, each time with every uncertain input drawn from its\n"
    "range (uniform or triangular, correlated through a Gaussian copula where the\n"
    "plan says so), and writes P5, P10, P50, P90, P95 and the mean of the headline\n"
    "series (vacancies, available FTE, staffing gap, agency cost by staff group and\n"
    "total; revenue and capital gaps; waiting list and 52-week waiters; a system's\n"
    "gaps and waiting list), by month and by FY, each at its usual place in a result\n"
    "file; or a workbook with a fan chart of each series for all units, the\n"
    "percentiles behind it and what was drawn.\n"
    "The same seed gives the same figures whatever the number of threads. A\n"
    "progress bar shows on a terminal.\n"
    "\n"
    UNCERTAIN_TEXT
    "\n"
    "Options:\n"
    "  -n, --iterations N   how many runs (1 to 1000000)\n"
    "  --seed S             seed of the draws (default 20220401)\n"
    "  --threads K          worker threads (default: the cores online)\n"
    "  -o, --output OUT     a .json or .xlsx file, or - with --format json\n"
    "  --format json|xlsx   the format (default: from OUT's extension)\n"
    TOOL_PLUGIN_OPTIONS
    "  -h, --help           show this help\n"
    "\n"
    "Example:\n"
    "  gapplan mc plan.json -s attendance-gain -s international-nurses -n 10000 -o mc.xlsx\n"
    "\n";

static const char sensitivity_text[] =
    "Usage: gapplan sensitivity PLAN.json [-s SCENARIO]... --metric SERIES[@PERIOD]\n"
    "                           [-o OUT.json|OUT.xlsx]\n"
    "\n"
    "Runs the plan with each uncertain input at its low and then its high, every\n"
    "other input at its default, and prints a tornado table of the metric, the\n"
    "widest swing first; -o also writes the figures as JSON, or as a workbook with\n"
    "the tornado chart (OUT.xlsx).\n"
    "\n"
    UNCERTAIN_TEXT
    SERIES_TEXT
    "\n"
    "Options:\n"
    "  -m, --metric SERIES[@PERIOD]  the figure to watch\n"
    "  -o, --output OUT     also write the table: .json, or .xlsx with the chart\n"
    TOOL_PLUGIN_OPTIONS
    "  --seed N             seed of math.random in plugins (default 20220401)\n"
    "  -h, --help           show this help\n"
    "\n"
    "Example:\n"
    "  gapplan sensitivity plan.json -s retention-programme -s international-nurses \\\n"
    "      --metric england.total.vacancies@2024/25\n"
    "\n";

static const char solve_text[] =
    "Usage: gapplan solve PLAN.json -s SCENARIO... --target 'SERIES@PERIOD <= VALUE'\n"
    "                     --vary ID.PARAM[=LOW..HIGH] [-o OUT.json|OUT.xlsx]\n"
    "\n"
    "Finds the value of one scenario param that meets a target (<=, >= or =; VALUE\n"
    "may end in %), with a bracketing method after checking that the figure moves\n"
    "one way only over the range. The range is the plausible one (default: the\n"
    "param's low..high): when no value in it meets the target, solve says so, gives\n"
    "the best figure the range reaches, and exits with 1. -o writes the result at the\n"
    "answer: a 'gapplan run' JSON result (.json) or the board pack (.xlsx).\n"
    "\n"
    SERIES_TEXT
    "\n"
    "Options:\n"
    "  --target TEXT        the target, quoted\n"
    "  --vary ID.PARAM[=LOW..HIGH]  the param to vary and its plausible range\n"
    "  -o, --output OUT     write the result at the answer (.json or .xlsx)\n"
    TOOL_PLUGIN_OPTIONS
    "  --seed N             seed of math.random in plugins (default 20220401)\n"
    "  -h, --help           show this help\n"
    "\n"
    "Example: the international nurses a year that bring the nursing vacancy rate to\n"
    "5% by March 2025:\n"
    "  gapplan solve plan.json -s international-nurses \\\n"
    "      --target 'england.nurses.vacancy_rate@2025-03 <= 5%' \\\n"
    "      --vary international-nurses.per_year=0..30000\n"
    "\n";

static const char help_text[] =
    "Usage: gapplan help [COMMAND]\n"
    "\n"
    "Shows gapplan's help, or one command's.\n"
    "\n"
    "Example:\n"
    "  gapplan help run\n"
    "\n";

void gp_cli_print_usage(FILE *out) { fputs(usage_text, out); }

static void print_examples(FILE *out) {
    fputs("Example plans:", out);
    for (const gp_embedded_example *e = gp_embedded_examples; e->name; e++)
        fprintf(out, "%s %s", e == gp_embedded_examples ? "" : ",", e->name);
    fputs("\n\n", out);
}

bool gp_cli_print_help(const char *command, FILE *out) {
    const char *text;
    if (!command)
        text = main_text;
    else if (strcmp(command, "run") == 0)
        text = run_text;
    else if (strcmp(command, "compare") == 0)
        text = compare_text;
    else if (strcmp(command, "plugins") == 0)
        text = plugins_text;
    else if (strcmp(command, "check") == 0)
        text = check_text;
    else if (strcmp(command, "init") == 0)
        text = init_text;
    else if (strcmp(command, "import") == 0)
        text = import_text;
    else if (strcmp(command, "help") == 0)
        text = help_text;
    else if (strcmp(command, "mc") == 0)
        text = mc_text;
    else if (strcmp(command, "sensitivity") == 0)
        text = sensitivity_text;
    else if (strcmp(command, "solve") == 0)
        text = solve_text;
    else
        return false;
    fputs(text, out);
    if (command && strcmp(command, "init") == 0)
        print_examples(out);
    fputs(exit_status, out);
    if (!command)
        fprintf(out, "\ngapplan %s\n", GP_VERSION);
    return true;
}
