/*
** core/outfile.c: output files that appear whole or not at all (output.h).
**
** An output is written to a temporary file in the target's own folder,
** ".<name>.<six random letters>.tmp", and renamed over the target only once
** every byte is on disk: rename() within one file system is atomic, so a
** reader sees the old file or the new one, never half of either. Every step that can report a
** full disk or an I/O error (fflush, fsync, fclose, rename) is checked; any
** failure removes the temporary file and leaves the target as it was.
**
** Three kinds of target:
**   "-"                    standard output, written directly (nothing to undo);
**   an existing device, FIFO or socket (/dev/null, /dev/stdout): written
**                          directly, as renaming over /dev/null would replace it;
**   anything else          a regular file, through a temporary file and rename.
** A symbolic link to a regular file is followed: the file it points to is
** replaced and the link kept.
**
** Temporary files still open are listed in a small static registry, so that a
** SIGINT or SIGTERM handler can remove them (gp_outfile_cleanup_on_signal).
** Output files are opened and committed from one thread.
*/
/* realpath() is an XSI function; _POSIX_C_SOURCE alone does not declare it. */
#define _XOPEN_SOURCE 700

#include "gapplan/output.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Temporary files open at once (one a format of a run is plenty). */
#define GP_OUTFILE_MAX_OPEN 32
/* The stdio buffer of an output file: large, as result files run to hundreds of MB. */
#define GP_OUTFILE_BUFFER_SIZE (1u << 20)
/* Random names tried before giving up on creating a temporary file. */
#define GP_OUTFILE_NAME_TRIES 100
/* Bytes of the target's name kept in the temporary file's name (NAME_MAX is 255). */
#define GP_OUTFILE_TEMP_BASE_MAX 200
/* Letters of the random part of a temporary name. */
#define GP_OUTFILE_RANDOM_LEN 6

typedef enum outfile_kind {
    OUTFILE_TEMP,   /* a temporary file renamed over the target */
    OUTFILE_DIRECT, /* an existing device or FIFO, written in place */
    OUTFILE_STDOUT, /* "-" */
} outfile_kind;

struct gp_outfile {
    outfile_kind kind;
    char *target;   /* the path as the user gave it, for messages */
    char *final;    /* the path renamed over: target, or the file a symlink points to */
    char *temp;     /* OUTFILE_TEMP only */
    FILE *stream;
    char *buffer;   /* setvbuf's buffer, freed once the stream is closed */
    int slot;       /* registry slot, or -1 */
};

/*
** Paths of the temporary files open now. The signal handler only reads these
** pointers and calls unlink(), which is async-signal-safe; a slot is set only
** once its string is complete and cleared before the string is freed.
*/
static const char *volatile registry[GP_OUTFILE_MAX_OPEN];

static int registry_add(const char *path) {
    for (int i = 0; i < GP_OUTFILE_MAX_OPEN; i++)
        if (!registry[i]) {
            registry[i] = path;
            return i;
        }
    return -1;
}

static void registry_remove(int slot) {
    if (slot >= 0)
        registry[slot] = NULL;
}

void gp_outfile_cleanup_on_signal(void) {
    for (int i = 0; i < GP_OUTFILE_MAX_OPEN; i++) {
        const char *p = registry[i];
        if (p)
            unlink(p);
    }
}

static char *dup_string(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* A random letter for temporary names: xorshift seeded from the clock, the pid and a counter. */
static char random_letter(void) {
    static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    static uint64_t state;
    if (!state) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        state = ((uint64_t)ts.tv_sec << 32) ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 16) ^
                (uint64_t)(uintptr_t)&ts;
        state |= 1;
    }
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return letters[state % (sizeof letters - 1)];
}

/* Free an outfile whose stream is closed (or was never opened). */
static void outfile_free(gp_outfile *of) {
    if (!of)
        return;
    registry_remove(of->slot);
    free(of->temp);
    if (of->final != of->target)
        free(of->final);
    free(of->target);
    free(of->buffer);
    free(of);
}

static void add_io_error(gp_diag *diag, const char *what, const char *target, int err) {
    gp_diag_add(diag, NULL, 0, 0, NULL, "%s %s: %s", what, target, strerror(err ? err : EIO));
}

/*
** Create the temporary file beside `of->final`, with the permissions a new
** file gets (0666 less the umask: open() applies it, unlike mkstemp's 0600).
*/
static gp_error create_temp(gp_outfile *of, gp_diag *diag) {
    const char *slash = strrchr(of->final, '/');
    size_t dirlen = slash ? (size_t)(slash - of->final) + 1 : 0;
    const char *base = of->final + dirlen;
    size_t baselen = strlen(base);
    if (baselen > GP_OUTFILE_TEMP_BASE_MAX)
        baselen = GP_OUTFILE_TEMP_BASE_MAX;
    /* dir "/" "." base "." random ".tmp" NUL */
    size_t size = dirlen + 1 + baselen + 1 + GP_OUTFILE_RANDOM_LEN + 4 + 1;
    of->temp = malloc(size);
    if (!of->temp)
        return GP_ERR_NOMEM;

    /*
    ** A termination signal between creating the file and registering it would
    ** leave the file behind, so those signals wait until both are done.
    */
    sigset_t block, saved;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigaddset(&block, SIGQUIT);
    sigprocmask(SIG_BLOCK, &block, &saved);
    int fd = -1;
    for (int attempt = 0; attempt < GP_OUTFILE_NAME_TRIES; attempt++) {
        char *p = of->temp;
        memcpy(p, of->final, dirlen);
        p += dirlen;
        *p++ = '.';
        memcpy(p, base, baselen);
        p += baselen;
        *p++ = '.';
        for (int i = 0; i < GP_OUTFILE_RANDOM_LEN; i++)
            *p++ = random_letter();
        memcpy(p, ".tmp", 5);
        fd = open(of->temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            break;
    }
    int err = errno; /* of the last open() */
    if (fd >= 0)
        of->slot = registry_add(of->temp);
    sigprocmask(SIG_SETMASK, &saved, NULL);
    if (fd < 0) {
        if (dirlen)
            gp_diag_add(diag, NULL, 0, 0, NULL, "cannot create %s in %.*s: %s", base, (int)dirlen,
                        of->final, strerror(err));
        else
            add_io_error(diag, "cannot create", of->target, err);
        free(of->temp);
        of->temp = NULL;
        return GP_ERR_IO;
    }
    of->stream = fdopen(fd, "wb");
    if (!of->stream) {
        err = errno;
        close(fd);
        unlink(of->temp);
        add_io_error(diag, "cannot write", of->target, err);
        return GP_ERR_IO;
    }
    return GP_OK;
}

gp_error gp_outfile_open(const char *path, gp_outfile **out, gp_diag *diag) {
    gp_outfile *of = NULL;
    gp_error err = GP_ERR_IO;
    struct stat st;

    *out = NULL;
    if (!path || !*path) {
        gp_diag_add(diag, NULL, 0, 0, NULL, "no output file given");
        return GP_ERR_ARGUMENT;
    }
    of = calloc(1, sizeof *of);
    if (!of || !(of->target = dup_string(path))) {
        err = GP_ERR_NOMEM;
        goto fail;
    }
    of->final = of->target;
    of->slot = -1;

    if (strcmp(path, "-") == 0) {
        of->kind = OUTFILE_STDOUT;
        of->stream = stdout;
        *out = of;
        return GP_OK;
    }
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            add_io_error(diag, "cannot write", path, EISDIR);
            goto fail;
        }
        if (access(path, W_OK) != 0) {
            add_io_error(diag, "cannot write", path, errno);
            goto fail;
        }
        if (!S_ISREG(st.st_mode)) {
            of->kind = OUTFILE_DIRECT;
            of->stream = fopen(path, "wb");
            if (!of->stream) {
                add_io_error(diag, "cannot write", path, errno);
                goto fail;
            }
            *out = of;
            return GP_OK;
        }
        /* Replace what a symbolic link points to, not the link. */
        struct stat lst;
        if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
            char *real = realpath(path, NULL);
            if (real)
                of->final = real;
        }
    } else if (errno != ENOENT) {
        add_io_error(diag, "cannot write", path, errno);
        goto fail;
    } else {
        size_t n = strlen(path);
        if (path[n - 1] == '/') {
            add_io_error(diag, "cannot write", path, EISDIR);
            goto fail;
        }
    }

    of->kind = OUTFILE_TEMP;
    if ((err = create_temp(of, diag)) != GP_OK)
        goto fail;
    if (of->slot < 0) {
        gp_diag_add(diag, NULL, 0, 0, NULL,
                    "cannot write %s: more than %d output files open at once", path,
                    GP_OUTFILE_MAX_OPEN);
        fclose(of->stream);
        unlink(of->temp);
        err = GP_ERR_IO;
        goto fail;
    }
    of->buffer = malloc(GP_OUTFILE_BUFFER_SIZE);
    if (of->buffer && setvbuf(of->stream, of->buffer, _IOFBF, GP_OUTFILE_BUFFER_SIZE) != 0) {
        free(of->buffer);
        of->buffer = NULL;
    }
    *out = of;
    return GP_OK;

fail:
    outfile_free(of);
    return err;
}

FILE *gp_outfile_stream(gp_outfile *of) { return of->stream; }

const char *gp_outfile_temp_path(const gp_outfile *of) {
    switch (of->kind) {
    case OUTFILE_TEMP:
        return of->temp;
    case OUTFILE_DIRECT:
        return of->final;
    case OUTFILE_STDOUT:
        break;
    }
    return NULL;
}

/* Make the rename itself durable; a failure here loses nothing already written, so it is not reported. */
static void sync_folder(const char *path) {
    const char *slash = strrchr(path, '/');
    char *dir;
    if (!slash) {
        dir = dup_string(".");
    } else {
        size_t n = slash == path ? 1 : (size_t)(slash - path);
        dir = malloc(n + 1);
        if (dir) {
            memcpy(dir, path, n);
            dir[n] = '\0';
        }
    }
    if (!dir)
        return;
    int fd = open(dir, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    free(dir);
}

/*
** Flush `f` and report the first error: one a writer met earlier (the stream's
** error flag, with `earlier` as its errno when the retry does not say) or one
** the flush meets now.
*/
static int flush_error(FILE *f, int earlier) {
    bool failed_before = ferror(f) != 0;
    errno = 0;
    if (fflush(f) != 0)
        return errno ? errno : EIO;
    if (failed_before || ferror(f))
        return earlier ? earlier : EIO;
    return 0;
}

gp_error gp_outfile_commit(gp_outfile *of, gp_diag *diag) {
    int earlier = errno;
    int err = 0;

    if (!of)
        return GP_ERR_ARGUMENT;
    switch (of->kind) {
    case OUTFILE_STDOUT:
        err = flush_error(stdout, earlier);
        if (err)
            gp_diag_add(diag, NULL, 0, 0, NULL, "cannot write to standard output: %s", strerror(err));
        break;
    case OUTFILE_DIRECT:
        err = flush_error(of->stream, earlier);
        if (fclose(of->stream) != 0 && !err)
            err = errno ? errno : EIO;
        if (err)
            add_io_error(diag, "cannot write", of->target, err);
        break;
    case OUTFILE_TEMP:
        err = flush_error(of->stream, earlier);
        if (!err && fsync(fileno(of->stream)) != 0)
            err = errno;
        errno = 0;
        if (fclose(of->stream) != 0 && !err)
            err = errno ? errno : EIO;
        if (!err && rename(of->temp, of->final) != 0)
            err = errno;
        if (err) {
            unlink(of->temp);
            add_io_error(diag, "cannot write", of->target, err);
        } else {
            sync_folder(of->final);
        }
        break;
    }
    outfile_free(of);
    return err ? GP_ERR_IO : GP_OK;
}

void gp_outfile_abort(gp_outfile *of) {
    if (!of)
        return;
    switch (of->kind) {
    case OUTFILE_STDOUT:
        (void)fflush(stdout);
        break;
    case OUTFILE_DIRECT:
        fclose(of->stream);
        break;
    case OUTFILE_TEMP:
        fclose(of->stream);
        unlink(of->temp);
        break;
    }
    outfile_free(of);
}
