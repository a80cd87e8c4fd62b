/*
** tests/test_crash_safety.c: an earlier output survives whatever happens to
** a run that replaces it (DESIGN.md "The command"): gapplan killed with
** SIGKILL at many points while it writes, and a file-size limit that makes
** its writes fail.
**
** SIGKILL cannot be caught, so the promise is the rename's: the target is
** either the old file or the complete new one, never a mixture; what a kill
** can leave is a temporary file named ".NAME.XXXXXX.tmp" beside it, which
** never has the target's name.
*/
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"

/* Kill points tried, spread over the length of a complete run. */
#define KILL_POINTS 24
/* Units of the generated plan: enough output (about 20 MB of JSON) for a write that takes a while. */
#define PLAN_UNITS 40

static char *dir;

static void setup(void) {
    dir = gp_temp_dir();
    cr_assert_not_null(dir);
}

static void teardown(void) {
    gp_rm_rf(dir);
    free(dir);
}

TestSuite(crash_safety, .init = setup, .fini = teardown);

/* A plan of PLAN_UNITS units of 10 years, written as plan.json in `folder`. */
static void write_big_plan(const char *folder) {
    size_t cap = 4096 + PLAN_UNITS * 600;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    size_t n = (size_t)snprintf(text, cap, "{\"gapplan\": 1, \"name\": \"Big\", \"start\": \"2022-04\", \"months\": 120, "
                                           "\"units\": [");
    for (int u = 0; u < PLAN_UNITS; u++)
        n += (size_t)snprintf(
            text + n, cap - n,
            "%s{\"id\": \"u%d\", \"groups\": ["
            "{\"id\": \"nurses\", \"establishment\": 1000, \"staff_in_post\": 900, \"leaver_rate\": 0.12,"
            " \"absence_rate\": 0.05, \"cost_per_fte\": 40000},"
            "{\"id\": \"doctors\", \"establishment\": 200, \"staff_in_post\": 190, \"leaver_rate\": 0.08,"
            " \"absence_rate\": 0.03, \"cost_per_fte\": 100000}],"
            " \"finance\": {\"revenue_envelope\": 9e7, \"non_pay\": 1e7},"
            " \"backlog\": {\"waiting_list\": 20000, \"referrals\": 5000, \"capacity\": 4900}}",
            u ? "," : "", u);
    snprintf(text + n, cap - n, "]}\n");
    free(gp_write_file(folder, "plan.json", text));
    free(text);
}

/*
** Start `gapplan run plan.json -o OUT` in `folder`, its output thrown away.
** Runs in two folders with the same arguments write identical files (the
** command line is part of the output).
*/
static pid_t start_run(const char *folder, const char *out) {
    pid_t pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        if (chdir(folder) != 0)
            _exit(126);
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        /* Outputs that depend on nothing but their inputs (no run time in the provenance), so two compare. */
        setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
        execl(GP_CLI_PATH, "gapplan", "run", "plan.json", "-o", out, (char *)NULL);
        _exit(127);
    }
    return pid;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *read_in(const char *name, size_t *len) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return gp_read_file(path, len);
}

/* Remove what a killed run may leave (".out.json.XXXXXX.tmp") and fail on anything else unexpected. */
static void sweep_temporaries(const char *target) {
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    struct dirent *e;
    char prefix[256];
    snprintf(prefix, sizeof prefix, ".%s.", target);
    while ((e = readdir(d)) != NULL) {
        const char *name = e->d_name;
        if (!strcmp(name, ".") || !strcmp(name, "..") || !strcmp(name, "plan.json") || !strcmp(name, target) ||
            !strcmp(name, "ref"))
            continue;
        size_t len = strlen(name);
        cr_expect(strncmp(name, prefix, strlen(prefix)) == 0 && len > 4 && !strcmp(name + len - 4, ".tmp"),
                  "unexpected file %s left in the folder", name);
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, name);
        unlink(path);
    }
    closedir(d);
}

/* Kill runs writing `target` at KILL_POINTS moments: the target is the old file or the complete new one. */
static void kill_while_writing(const char *target) {
    static const char old[] = "the board pack of last month\n";
    char ref[4096];
    snprintf(ref, sizeof ref, "%s/ref", dir);
    cr_assert_eq(mkdir(ref, 0700), 0);
    write_big_plan(dir);
    write_big_plan(ref);

    /* A complete run in ref/: the new output, and how long a run takes. */
    double t0 = now();
    int status;
    pid_t pid = start_run(ref, target);
    waitpid(pid, &status, 0);
    double full = now() - t0;
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the complete run failed");
    size_t new_len;
    char refpath[64];
    snprintf(refpath, sizeof refpath, "ref/%s", target);
    char *complete = read_in(refpath, &new_len);
    cr_assert_not_null(complete);
    cr_assert_gt(new_len, 1000000, "the output is too small to be cut part way: %zu bytes", new_len);

    int old_seen = 0;
    for (int k = 0; k < KILL_POINTS; k++) {
        free(gp_write_file(dir, target, old));
        pid = start_run(dir, target);
        struct timespec wait = {0, (long)(full * 1e9 * (k + 0.5) / KILL_POINTS)};
        nanosleep(&wait, NULL);
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);

        size_t len;
        char *got = read_in(target, &len);
        cr_assert_not_null(got, "kill %d: %s is gone", k, target);
        bool is_old = len == sizeof old - 1 && memcmp(got, old, len) == 0;
        bool is_new = len == new_len && memcmp(got, complete, len) == 0;
        cr_expect(is_old || is_new, "kill %d at %.0f%% of the run: %s is neither the old file nor the new one "
                                    "(%zu bytes)", k, 100.0 * (k + 0.5) / KILL_POINTS, target, len);
        old_seen += is_old;
        free(got);
        sweep_temporaries(target);
    }
    /* Some kills must have landed while the run was going, not all after it (the first ones, at 2-10% of a run,
       always do; a busy machine moves the later ones, so more is not asked). */
    cr_expect_geq(old_seen, 3, "only %d of %d kills found the old file: the run ended too soon", old_seen,
                  KILL_POINTS);
    free(complete);
}

Test(crash_safety, sigkill_at_any_point_leaves_the_old_output_or_the_new_one, .timeout = 600) {
    kill_while_writing("out.json");
}

Test(crash_safety, sigkill_while_writing_a_workbook_leaves_the_old_pack_or_the_new_one, .timeout = 600) {
    kill_while_writing("pack.xlsx");
}

/* Run with a 1 MiB file-size limit writing `target`: a clear error `want`, the old file intact, nothing left. */
static void limited_run(const char *target, const char *want) {
    static const char old[] = "previous results\n";
    write_big_plan(dir);
    free(gp_write_file(dir, target, old));

    int pipefd[2];
    cr_assert_eq(pipe(pipefd), 0);
    pid_t pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        dup2(pipefd[1], 2);
        close(pipefd[0]);
        if (chdir(dir) != 0)
            _exit(126);
        struct rlimit lim = {1 << 20, 1 << 20};
        setrlimit(RLIMIT_FSIZE, &lim);
        execl(GP_CLI_PATH, "gapplan", "run", "plan.json", "-o", target, (char *)NULL);
        _exit(127);
    }
    close(pipefd[1]);
    char err[4096] = "";
    size_t n = 0;
    ssize_t got;
    while (n < sizeof err - 1 && (got = read(pipefd[0], err + n, sizeof err - 1 - n)) > 0)
        n += (size_t)got;
    err[n] = '\0';
    close(pipefd[0]);
    int status;
    waitpid(pid, &status, 0);
    cr_expect(WIFEXITED(status), "gapplan was killed by signal %d", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    cr_expect_eq(WEXITSTATUS(status), 1);
    cr_expect(strstr(err, want) != NULL, "stderr: %s", err);

    char *text = read_in(target, NULL);
    cr_expect_str_eq(text, old);
    free(text);
    DIR *d = opendir(dir);
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        cr_expect(!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || !strcmp(e->d_name, "plan.json") ||
                      !strcmp(e->d_name, target),
                  "%s was left behind", e->d_name);
    closedir(d);
}

Test(crash_safety, a_file_size_limit_is_a_clear_error_and_leaves_nothing_behind, .timeout = 120) {
    limited_run("out.json", "gapplan: error: cannot write out.json: File too large\n");
}

Test(crash_safety, a_workbook_cut_short_by_a_file_size_limit_never_replaces_the_old_pack, .timeout = 120) {
    limited_run("pack.xlsx", "is cut short): the disk is full or a file-size limit (ulimit -f) was reached");
}
