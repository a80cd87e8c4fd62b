/*
** tests/fuzz/replay.c: run a fuzz harness over saved inputs without
** libFuzzer, so the ordinary test suite (gcc, ASan, valgrind) replays the
** seed corpus and every input that once crashed (tests/fuzz/README.md).
**
** Usage: replay_NAME FILE|FOLDER...; a folder's files are replayed in name
** order. Exit status 0 when every input ran (a crash ends the process, as it
** should), 1 when an input could not be read.
*/
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The largest input replayed: libFuzzer's inputs here are a few kilobytes. */
#define REPLAY_MAX_BYTES ((size_t)4 << 20)

static int replay_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    uint8_t *buf = malloc(REPLAY_MAX_BYTES);
    size_t n = buf ? fread(buf, 1, REPLAY_MAX_BYTES, f) : 0;
    int bad = !buf || ferror(f);
    fclose(f);
    if (bad) {
        fprintf(stderr, "%s: cannot be read\n", path);
        free(buf);
        return 1;
    }
    LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b) { return strcmp((*a)->d_name, (*b)->d_name); }

int main(int argc, char **argv) {
    int failed = 0, count = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            failed = 1;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            failed |= replay_file(argv[i]);
            count++;
            continue;
        }
        struct dirent **names;
        int n = scandir(argv[i], &names, NULL, by_name);
        for (int k = 0; k < n; k++) {
            char path[4096];
            if (names[k]->d_name[0] != '.') {
                snprintf(path, sizeof path, "%s/%s", argv[i], names[k]->d_name);
                failed |= replay_file(path);
                count++;
            }
            free(names[k]);
        }
        free(n >= 0 ? names : NULL);
    }
    printf("replayed %d inputs\n", count);
    return failed;
}
