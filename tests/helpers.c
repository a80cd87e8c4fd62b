/*
** tests/helpers.c: see helpers.h.
*/
#include "helpers.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char *read_fd_all(int fd) {
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (len + 1 >= cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
        ssize_t n = read(fd, buf + len, cap - len - 1);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        len += (size_t)n;
    }
    buf[len] = '\0';
    return buf;
}

gp_cmd_result gp_run_cli(const char *cwd, const char *const *argv) {
    gp_cmd_result r = {-1, NULL, NULL};
    size_t argc = 0;
    while (argv[argc]) argc++;
    char **args = calloc(argc + 2, sizeof *args);
    args[0] = (char *)GP_CLI_PATH;
    for (size_t i = 0; i < argc; i++) args[i + 1] = (char *)argv[i];

    /* Output goes to temporary files, not pipes, so a chatty child cannot block. */
    char outp[] = "/tmp/gp-test-out.XXXXXX", errp[] = "/tmp/gp-test-err.XXXXXX";
    int outfd = mkstemp(outp), errfd = mkstemp(errp);
    pid_t pid = fork();
    if (pid == 0) {
        int nullfd = open("/dev/null", O_RDONLY);
        dup2(nullfd, 0);
        dup2(outfd, 1);
        dup2(errfd, 2);
        if (cwd && chdir(cwd) != 0) _exit(127);
        execv(args[0], args);
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    lseek(outfd, 0, SEEK_SET);
    lseek(errfd, 0, SEEK_SET);
    r.out = read_fd_all(outfd);
    r.err = read_fd_all(errfd);
    close(outfd);
    close(errfd);
    unlink(outp);
    unlink(errp);
    free(args);
    return r;
}

void gp_cmd_result_free(gp_cmd_result *r) {
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

char *gp_temp_dir(void) {
    char tmpl[] = "/tmp/gp-test.XXXXXX";
    char *d = mkdtemp(tmpl);
    return d ? strdup(d) : NULL;
}

void gp_rm_rf(const char *path) {
    if (!path || strncmp(path, "/tmp/gp-test", 12) != 0) return; /* never anything else */
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    if (system(cmd) != 0) fprintf(stderr, "warning: could not remove %s\n", path);
}

char *gp_write_file(const char *dir, const char *name, const char *text) {
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    snprintf(path, n, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(text, 1, strlen(text), f);
        fclose(f);
    }
    return path;
}

char *gp_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    fclose(f);
    buf[n] = '\0';
    if (len) *len = n;
    return buf;
}

char *gp_source_path(const char *relative) {
    size_t n = strlen(GP_SOURCE_DIR) + strlen(relative) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", GP_SOURCE_DIR, relative);
    return p;
}

gp_plan *gp_load_text(const char *json, gp_diag *diag) {
    gp_plan *plan = NULL;
    gp_plan_load_buffer(json, strlen(json), "plan.json", &plan, diag);
    return plan;
}

int gp_diag_has(const gp_diag *d, const char *fragment) {
    char buf[2048];
    for (size_t i = 0; i < d->count; i++) {
        gp_diag_format(&d->items[i], buf, sizeof buf);
        if (strstr(buf, fragment)) return 1;
    }
    return 0;
}

char *gp_diag_text(const gp_diag *d) {
    size_t cap = 1, len = 0;
    char *out = calloc(1, 1);
    char buf[2048];
    for (size_t i = 0; i < d->count; i++) {
        size_t n = gp_diag_format(&d->items[i], buf, sizeof buf);
        if (n >= sizeof buf) n = sizeof buf - 1;
        cap = len + n + 2;
        out = realloc(out, cap);
        memcpy(out + len, buf, n);
        len += n;
        out[len++] = '\n';
        out[len] = '\0';
    }
    return out;
}

int gp_close(double a, double b) {
    double diff = fabs(a - b);
    double scale = fmax(fabs(a), fabs(b));
    return diff <= 1e-9 || diff <= 1e-9 * scale;
}
