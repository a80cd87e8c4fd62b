/*
** tests/test_outfile.c: safe output files (core/outfile.c): a commit replaces
** the target whole; an abort, a full disk or a file-size limit leaves it as it
** was and leaves no temporary file behind; bad targets give clear messages.
*/
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gapplan/output.h"
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

TestSuite(outfile, .init = setup, .fini = teardown);

static char *path_in(const char *name) {
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* Names in the test folder, sorted, one a line ("" when empty). */
static char *listing(void) {
    static char buf[4096];
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, "..")) {
            strcat(buf, names[i]->d_name);
            strcat(buf, "\n");
        }
        free(names[i]);
    }
    free(names);
    return buf;
}

static void write_all(gp_outfile *of, const char *text) {
    cr_assert_eq(fputs(text, gp_outfile_stream(of)) >= 0, 1);
}

Test(outfile, commit_creates_the_file_with_normal_permissions) {
    char *target = path_in("out.json");
    gp_diag diag;
    gp_outfile *of;
    struct stat st;
    mode_t old = umask(027);

    gp_diag_init(&diag);
    cr_assert_eq(gp_outfile_open(target, &of, &diag), GP_OK);
    const char *temp = gp_outfile_temp_path(of);
    cr_assert_not_null(temp);
    /* ".out.json.<six random letters>.tmp" beside the target */
    cr_expect(strncmp(temp, dir, strlen(dir)) == 0);
    cr_expect(strncmp(temp + strlen(dir), "/.out.json.", 11) == 0, "%s", temp);
    cr_expect_str_eq(temp + strlen(temp) - 4, ".tmp");
    cr_expect_eq(access(target, F_OK), -1, "the target appears only at commit");
    write_all(of, "{\"new\": 1}\n");
    cr_assert_eq(gp_outfile_commit(of, &diag), GP_OK);
    umask(old);

    char *text = gp_read_file(target, NULL);
    cr_expect_str_eq(text, "{\"new\": 1}\n");
    cr_assert_eq(stat(target, &st), 0);
    cr_expect_eq(st.st_mode & 0777, 0640, "0666 less the umask 027, got %o", st.st_mode & 0777);
    cr_expect_str_eq(listing(), "out.json\n");
    cr_expect_eq(diag.count, 0u);
    free(text);
    free(target);
    gp_diag_free(&diag);
}

Test(outfile, commit_replaces_an_existing_file) {
    char *target = gp_write_file(dir, "out.csv", "old contents that are longer than the new\n");
    gp_diag diag;
    gp_outfile *of;

    gp_diag_init(&diag);
    cr_assert_eq(gp_outfile_open(target, &of, &diag), GP_OK);
    write_all(of, "new\n");
    char *during = gp_read_file(target, NULL);
    cr_expect_str_eq(during, "old contents that are longer than the new\n", "untouched until commit");
    cr_assert_eq(gp_outfile_commit(of, &diag), GP_OK);
    char *text = gp_read_file(target, NULL);
    cr_expect_str_eq(text, "new\n");
    cr_expect_str_eq(listing(), "out.csv\n");
    free(during);
    free(text);
    free(target);
    gp_diag_free(&diag);
}

Test(outfile, abort_leaves_the_old_file_and_no_temporary) {
    char *target = gp_write_file(dir, "out.json", "old\n");
    gp_diag diag;
    gp_outfile *of;

    gp_diag_init(&diag);
    cr_assert_eq(gp_outfile_open(target, &of, &diag), GP_OK);
    write_all(of, "half a result");
    cr_expect(strncmp(listing(), ".out.json.", 10) == 0, "the temporary file exists: %s", listing());
    gp_outfile_abort(of);
    char *text = gp_read_file(target, NULL);
    cr_expect_str_eq(text, "old\n");
    cr_expect_str_eq(listing(), "out.json\n");
    gp_outfile_abort(NULL);
    free(text);
    free(target);
    gp_diag_free(&diag);
}

/*
** In a child limited to 4 kB files (RLIMIT_FSIZE, with SIGXFSZ ignored so the
** write fails with EFBIG instead of killing it): write `bytes` and commit. The
** child exits with 0 when the commit failed with the expected message, 1 when
** it succeeded, 2 when the message was wrong.
*/
static int write_limited(const char *target, size_t bytes) {
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        struct rlimit rl = {4096, 4096};
        gp_diag diag;
        gp_outfile *of;
        char want[1024], got[1024] = "";
        signal(SIGXFSZ, SIG_IGN);
        setrlimit(RLIMIT_FSIZE, &rl);
        gp_diag_init(&diag);
        if (gp_outfile_open(target, &of, &diag) != GP_OK)
            _exit(3);
        for (size_t i = 0; i < bytes; i++)
            fputc('x', gp_outfile_stream(of));
        gp_error err = gp_outfile_commit(of, &diag);
        if (err == GP_OK)
            _exit(1);
        snprintf(want, sizeof want, "cannot write %s: %s", target, strerror(EFBIG));
        if (diag.count)
            gp_diag_format(&diag.items[0], got, sizeof got);
        if (err != GP_ERR_IO || strcmp(got, want) != 0) {
            fprintf(stderr, "got '%s', want '%s'\n", got, want);
            _exit(2);
        }
        gp_diag_free(&diag);
        _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

Test(outfile, failure_at_flush_keeps_the_old_file) {
    char *target = gp_write_file(dir, "out.json", "old\n");
    /* 100 kB fits in the stream's buffer: the failure surfaces in the commit's fflush. */
    cr_expect_eq(write_limited(target, 100000), 0);
    char *text = gp_read_file(target, NULL);
    cr_expect_str_eq(text, "old\n");
    cr_expect_str_eq(listing(), "out.json\n");
    free(text);
    free(target);
}

Test(outfile, failure_while_writing_keeps_the_old_file) {
    char *target = gp_write_file(dir, "out.json", "old\n");
    /* 3 MB overflows the buffer: writes fail on the way, and the commit still refuses. */
    cr_expect_eq(write_limited(target, 3000000), 0);
    char *text = gp_read_file(target, NULL);
    cr_expect_str_eq(text, "old\n");
    cr_expect_str_eq(listing(), "out.json\n");
    free(text);
    free(target);
}

Test(outfile, missing_folder) {
    char *target = path_in("missing/out.json");
    char want[1024];
    gp_diag diag;
    gp_outfile *of = (gp_outfile *)1;

    gp_diag_init(&diag);
    cr_assert_eq(gp_outfile_open(target, &of, &diag), GP_ERR_IO);
    cr_expect_null(of);
    snprintf(want, sizeof want, "cannot create out.json in %s/missing/: No such file or directory", dir);
    cr_expect(gp_diag_has(&diag, want), "%s", gp_diag_text(&diag));
    cr_expect_str_eq(listing(), "");
    free(target);
    gp_diag_free(&diag);
}

Test(outfile, target_is_a_folder) {
    char *target = path_in("sub");
    char want[1024];
    gp_diag diag;
    gp_outfile *of;

    cr_assert_eq(mkdir(target, 0777), 0);
    gp_diag_init(&diag);
    cr_assert_eq(gp_outfile_open(target, &of, &diag), GP_ERR_IO);
    snprintf(want, sizeof want, "cannot write %s: Is a directory", target);
    cr_expect(gp_diag_has(&diag, want), "%s", gp_diag_text(&diag));
    cr_expect_str_eq(listing(), "sub\n");
    free(target);
    gp_diag_free(&diag);
}

Test(outfile, standard_output) {
    gp_diag diag;
    gp_outfile *of;

    gp_diag_init(&diag);
    cr_assert_eq(gp_outfile_open("-", &of, &diag), GP_OK);
    cr_expect_eq(gp_outfile_stream(of), stdout);
    cr_expect_null(gp_outfile_temp_path(of));
    cr_expect_eq(gp_outfile_commit(of, &diag), GP_OK);
    gp_diag_free(&diag);
}

/* A device is written in place: renaming over /dev/null would replace it. */
Test(outfile, device_is_written_in_place) {
    gp_diag diag;
    gp_outfile *of;
    struct stat st;

    gp_diag_init(&diag);
    cr_assert_eq(gp_outfile_open("/dev/null", &of, &diag), GP_OK);
    cr_expect_str_eq(gp_outfile_temp_path(of), "/dev/null");
    write_all(of, "discarded");
    cr_expect_eq(gp_outfile_commit(of, &diag), GP_OK);
    cr_assert_eq(stat("/dev/null", &st), 0);
    cr_expect(S_ISCHR(st.st_mode));
    gp_diag_free(&diag);
}

Test(outfile, full_device_is_an_error) {
    gp_diag diag;
    gp_outfile *of;

    gp_diag_init(&diag);
    cr_assert_eq(gp_outfile_open("/dev/full", &of, &diag), GP_OK);
    write_all(of, "no room");
    cr_expect_eq(gp_outfile_commit(of, &diag), GP_ERR_IO);
    cr_expect(gp_diag_has(&diag, "cannot write /dev/full: No space left on device"), "%s",
              gp_diag_text(&diag));
    gp_diag_free(&diag);
}

Test(outfile, symlink_keeps_the_link_and_replaces_its_file) {
    char *real = gp_write_file(dir, "real.json", "old\n");
    char *link = path_in("link.json");
    gp_diag diag;
    gp_outfile *of;
    struct stat st;

    cr_assert_eq(symlink("real.json", link), 0);
    gp_diag_init(&diag);
    cr_assert_eq(gp_outfile_open(link, &of, &diag), GP_OK);
    write_all(of, "new\n");
    cr_assert_eq(gp_outfile_commit(of, &diag), GP_OK);
    cr_assert_eq(lstat(link, &st), 0);
    cr_expect(S_ISLNK(st.st_mode));
    char *text = gp_read_file(real, NULL);
    cr_expect_str_eq(text, "new\n");
    cr_expect_str_eq(listing(), "link.json\nreal.json\n");
    free(text);
    free(real);
    free(link);
    gp_diag_free(&diag);
}

Test(outfile, signal_cleanup_removes_open_temporaries) {
    char *a = path_in("a.json"), *b = path_in("b.csv");
    gp_diag diag;
    gp_outfile *ofa, *ofb;

    gp_diag_init(&diag);
    cr_assert_eq(gp_outfile_open(a, &ofa, &diag), GP_OK);
    cr_assert_eq(gp_outfile_open(b, &ofb, &diag), GP_OK);
    cr_expect_eq(strlen(listing()) > 0, 1);
    gp_outfile_cleanup_on_signal();
    cr_expect_str_eq(listing(), "");
    gp_outfile_abort(ofa);
    gp_outfile_abort(ofb);
    cr_expect_str_eq(listing(), "");
    free(a);
    free(b);
    gp_diag_free(&diag);
}

Test(outfile, read_only_target_is_refused) {
    char *target = gp_write_file(dir, "locked.json", "old\n");
    gp_diag diag;
    gp_outfile *of;

    if (geteuid() == 0)
        cr_skip_test("root may write any file");
    cr_assert_eq(chmod(target, 0444), 0);
    gp_diag_init(&diag);
    cr_assert_eq(gp_outfile_open(target, &of, &diag), GP_ERR_IO);
    cr_expect(gp_diag_has(&diag, "locked.json: Permission denied"), "%s", gp_diag_text(&diag));
    char *text = gp_read_file(target, NULL);
    cr_expect_str_eq(text, "old\n");
    free(text);
    free(target);
    gp_diag_free(&diag);
}
