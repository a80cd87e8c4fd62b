/*
** cli/write_file.c: writing an output file so that a failure never leaves a
** partial one (DESIGN.md "The command"): through gp_outfile, a temporary file
** beside the target renamed into place once complete.
*/
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "gapplan/output.h"

gp_error gp_cli_write_file(const char *output, gp_cli_writer write, void *ctx, gp_diag *diag) {
    gp_outfile *of;
    gp_error err = gp_outfile_open(output, &of, diag);
    if (err != GP_OK)
        return err;
    errno = 0;
    err = write(gp_outfile_stream(of), ctx);
    if (err == GP_OK)
        return gp_outfile_commit(of, diag);
    if (err == GP_ERR_IO) {
        int cause = errno ? errno : EIO;
        if (strcmp(output, "-") == 0)
            gp_diag_add(diag, NULL, 0, 0, NULL, "cannot write to standard output: %s", strerror(cause));
        else
            gp_diag_add(diag, NULL, 0, 0, NULL, "cannot write %s: %s", output, strerror(cause));
    } else {
        gp_diag_add(diag, NULL, 0, 0, NULL, "cannot write %s: %s", output, gp_strerror(err));
    }
    gp_outfile_abort(of);
    return err;
}

bool gp_cli_same_file(const char *input, const char *output) {
    struct stat a, b;
    return strcmp(output, "-") != 0 && stat(input, &a) == 0 && stat(output, &b) == 0 && a.st_dev == b.st_dev &&
           a.st_ino == b.st_ino;
}
