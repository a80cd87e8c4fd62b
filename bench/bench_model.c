/*
** bench/bench_model.c: model throughput and memory, against a bare C loop peer.
**
**   bench_model [--seed N] [--units N] [--groups N] [--months N] [--quick]
**               [--england PLAN.json] [--keep-plan OUT.json]
**
** For the England example and for a generated plan (1,000 units x 8 groups x
** 120 months by default, see plan_gen.c) it times loading (gp_plan_load_file),
** the model (gp_model_run), the JSON writer (to /dev/null) and the bare loop
** peer of bare_loop.c on the same loaded plan, checks that the peer's numbers
** agree with the model's, and measures memory in a forked child so that one
** plan's allocations never inflate the other's figures. Times are medians of
** several runs. It prints an aligned table and a "targets:" section with the
** figures issue 2 asks for. It is a measurement, not a test: its exit status
** is 0 whenever it could measure, whether or not a target is met.
*/
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "bench.h"

/* The targets. */
#define TARGET_ENGLAND_MS 20.0   /* load + model + JSON write of the England example */
#define TARGET_PEER_RATIO 2.0    /* model time / bare loop time on the generated plan */
#define TARGET_MEMORY_RATIO 2.0  /* model memory / result arrays on the generated plan */
/* The yardstick for a bare loop on these machines, group-months per second. */
#define REFERENCE_PEER_RATE 20e6

/* Timed runs per phase (medians are reported); --quick uses the second set. */
typedef struct run_counts {
    int load, model, write, peer, e2e, cold;
} run_counts;
static const run_counts small_runs = {21, 51, 21, 51, 21, 9}, small_quick = {5, 11, 5, 11, 5, 3};
static const run_counts large_runs = {3, 7, 1, 7, 0, 3}, large_quick = {1, 3, 1, 3, 0, 1};

/* Bounds of the command-line options: a generated plan must still fit in memory. */
#define BENCH_UNITS_MAX 100000
#define BENCH_GROUPS_MAX 100
/* At most this many timed runs per phase; cells of the table are this wide. */
#define MAX_RUNS 64
/* Bytes a child process may send back. */
#define CHILD_FIGURES_MAX 256
#define CELL 40
#define NPLANS 2

/* Memory, measured in a child process (kB, as Linux reports it). */
typedef struct mem_figures {
    bool ok;             /* the child loaded, ran and wrote */
    bool hwm_reset;      /* /proc/self/clear_refs reset the peak, so the phase peaks are exact */
    long peak_kb;        /* getrusage ru_maxrss: the child's peak over load, model and write */
    long before_model_kb;/* RSS with the plan loaded, before gp_model_run */
    long model_peak_kb;  /* peak RSS during gp_model_run */
    long write_peak_kb;  /* peak RSS during the JSON write */
    long after_model_kb; /* RSS holding the plan and the result */
} mem_figures;
_Static_assert(sizeof(mem_figures) <= CHILD_FIGURES_MAX, "a child's figures fit its buffer");

/* Times of the first run in a fresh process, where every page of the result is touched for the first time. */
typedef struct cold_figures {
    double model_ms, total_ms; /* gp_model_run; load + model + JSON write */
} cold_figures;

typedef struct plan_figures {
    const char *label;
    const char *path;
    bool present;            /* measured; else `error` says why not */
    char error[512];
    size_t units, groups;
    int months;
    double ugm;              /* unit-group-months: sum over units of groups x months */
    run_counts runs;
    double load_ms, model_ms, write_ms, e2e_ms, peer_ms, peer_alloc_ms;
    cold_figures cold;       /* medians over cold_runs fresh processes */
    int cold_runs;
    size_t result_bytes, peer_bytes;
    bool agree;
    bench_check check;
    mem_figures mem;
} plan_figures;

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n) {
    if (n <= 0)
        return 0;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* A "VmRSS:"-style field of /proc/self/status in kB; -1 when unavailable. */
static long status_kb(const char *key) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    size_t n = strlen(key);
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, n) == 0 && line[n] == ':')
            v = strtol(line + n + 1, NULL, 10);
    fclose(f);
    return v;
}

/* Reset the peak RSS (VmHWM) to the current RSS (Linux 4.0+); false when the kernel refuses. */
static bool reset_peak(void) {
    FILE *f = fopen("/proc/self/clear_refs", "w");
    if (!f)
        return false;
    bool ok = fputs("5", f) >= 0;
    return fclose(f) == 0 && ok;
}

/* Give freed heap back to the system, so RSS before a phase is what is still in use. */
static void trim_heap(void) {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

static size_t block_bytes(const gp_block *b) {
    if (!b)
        return 0;
    return b->nseries * ((size_t)b->months + 2 * (size_t)b->nfys) * sizeof(double);
}

static size_t unit_result_bytes(const gp_unit_result *u) {
    size_t n = block_bytes(u->finance) + block_bytes(u->pressures) + block_bytes(u->funding) +
               block_bytes(u->backlog);
    for (size_t g = 0; g <= u->ngroups; g++)
        n += block_bytes(&u->groups[g]);
    return n;
}

/* Bytes of every monthly, annual and mean array of a result: units, their totals and all_units. */
static size_t result_bytes(const gp_result *res) {
    size_t n = unit_result_bytes(&res->all_units);
    for (size_t u = 0; u < res->nunits; u++)
        n += unit_result_bytes(&res->units[u]);
    return n;
}

static gp_error load(const char *path, gp_plan **plan, char *error, size_t size) {
    gp_diag diag;
    gp_diag_init(&diag);
    gp_error err = gp_plan_load_file(path, plan, &diag);
    if (err != GP_OK) {
        char first[384] = "";
        if (diag.count)
            gp_diag_format(&diag.items[0], first, sizeof first);
        snprintf(error, size, "cannot load %s: %s%s%s", path, gp_strerror(err), diag.count ? ": " : "", first);
    }
    gp_diag_free(&diag);
    return err;
}

static gp_error run_model(const gp_plan *plan, gp_result **res, char *error, size_t size) {
    gp_diag diag;
    gp_diag_init(&diag);
    gp_error err = gp_model_run(plan, res, &diag);
    if (err != GP_OK) {
        char first[256] = "";
        if (diag.count)
            gp_diag_format(&diag.items[0], first, sizeof first);
        snprintf(error, size, "the model failed: %s%s%s", gp_strerror(err), diag.count ? ": " : "", first);
    }
    gp_diag_free(&diag);
    return err;
}

static gp_error write_json(const gp_plan *plan, const gp_result *res, FILE *devnull) {
    gp_run_info info = {.plan_name = plan->name, .plan_file = plan->file};
    gp_error err = gp_result_write_json(res, &info, devnull);
    return fflush(devnull) == 0 ? err : GP_ERR_IO;
}

/* ---- memory, in a child ---------------------------------------------------------------- */

/* Runs in the forked child: load, model and write once, reading RSS around each phase. */
static void measure_memory_child(const char *path, mem_figures *m) {
    gp_plan *plan = NULL;
    gp_result *res = NULL;
    char error[512];
    FILE *devnull = fopen("/dev/null", "w");
    struct rusage ru;

    memset(m, 0, sizeof *m);
    if (!devnull || load(path, &plan, error, sizeof error) != GP_OK)
        goto done;
    trim_heap();
    m->hwm_reset = reset_peak();
    m->before_model_kb = status_kb("VmRSS");
    if (run_model(plan, &res, error, sizeof error) != GP_OK)
        goto done;
    m->model_peak_kb = status_kb("VmHWM");
    m->after_model_kb = status_kb("VmRSS");
    m->hwm_reset = m->hwm_reset && reset_peak();
    if (write_json(plan, res, devnull) != GP_OK)
        goto done;
    m->write_peak_kb = status_kb("VmHWM");
    getrusage(RUSAGE_SELF, &ru);
    m->peak_kb = ru.ru_maxrss;
    m->ok = true;
done:
    gp_result_free(res);
    gp_plan_free(plan);
    if (devnull)
        fclose(devnull);
}

/*
** Run fn(path, out) in a forked child and copy its `size` bytes of figures back
** through a pipe; false (and *out zeroed) when the child could not. The bench
** forks before it loads anything large itself, so each child starts small.
*/
static bool in_child(void (*fn)(const char *, void *), const char *path, void *out, size_t size) {
    int fd[2];
    ssize_t r = -1;
    memset(out, 0, size);
    fflush(NULL);
    if (pipe(fd) != 0)
        return false;
    pid_t pid = fork();
    if (pid == 0) {
        _Alignas(max_align_t) unsigned char got[CHILD_FIGURES_MAX];
        close(fd[0]);
        fn(path, got);
        ssize_t w = write(fd[1], got, size);
        _exit(w == (ssize_t)size ? 0 : 1);
    }
    close(fd[1]);
    if (pid > 0) {
        do
            r = read(fd[0], out, size);
        while (r < 0 && errno == EINTR);
        waitpid(pid, NULL, 0);
    }
    close(fd[0]);
    if (r != (ssize_t)size) {
        memset(out, 0, size);
        return false;
    }
    return true;
}

static void memory_child(const char *path, void *out) { measure_memory_child(path, out); }

/* Runs in a forked child: load, model and JSON write once, as one `gapplan run` does; NaN on failure. */
static void cold_child(const char *path, void *out) {
    cold_figures *c = out;
    gp_plan *plan = NULL;
    gp_result *res = NULL;
    char error[512];
    FILE *devnull = fopen("/dev/null", "w");
    double t0 = now_ms(), t1 = 0, t2 = 0;

    c->model_ms = c->total_ms = NAN;
    if (devnull && load(path, &plan, error, sizeof error) == GP_OK) {
        t1 = now_ms();
        if (run_model(plan, &res, error, sizeof error) == GP_OK) {
            t2 = now_ms();
            if (write_json(plan, res, devnull) == GP_OK) {
                c->model_ms = t2 - t1;
                c->total_ms = now_ms() - t0;
            }
        }
    }
    gp_result_free(res);
    gp_plan_free(plan);
    if (devnull)
        fclose(devnull);
}

/* Memory figures, then the medians of `runs.cold` runs each in a fresh process. */
static void measure_in_children(plan_figures *f) {
    double model[MAX_RUNS], total[MAX_RUNS];
    int n = 0;
    in_child(memory_child, f->path, &f->mem, sizeof f->mem);
    for (int i = 0; i < f->runs.cold; i++) {
        cold_figures c;
        if (in_child(cold_child, f->path, &c, sizeof c) && !isnan(c.total_ms)) {
            model[n] = c.model_ms;
            total[n++] = c.total_ms;
        }
    }
    f->cold.model_ms = n ? median(model, n) : NAN;
    f->cold.total_ms = n ? median(total, n) : NAN;
    f->cold_runs = n;
}

/* ---- timing ----------------------------------------------------------------------------------- */

static void time_peer(const gp_plan *plan, const gp_result *res, plan_figures *f) {
    double t[MAX_RUNS];
    bench_peer *peer = NULL;

    /* Preallocated and warm: the array is written once before the timed runs, as a loop writing into a
       buffer it owns would be; this is the yardstick. */
    if (bench_peer_new(plan, &peer) != GP_OK) {
        snprintf(f->error, sizeof f->error, "out of memory for the bare loop");
        return;
    }
    bench_peer_run(peer);
    f->agree = bench_peer_compare(peer, res, &f->check);
    f->peer_bytes = bench_peer_bytes(peer);
    for (int i = 0; i < f->runs.peer; i++) {
        double t0 = now_ms();
        bench_peer_run(peer);
        t[i] = now_ms() - t0;
    }
    f->peer_ms = median(t, f->runs.peer);
    bench_peer_free(peer);

    /* Fresh array every run: the page faults of first touch included, as the model pays them. */
    for (int i = 0; i < f->runs.peer; i++) {
        double t0 = now_ms();
        if (bench_peer_new(plan, &peer) != GP_OK)
            break;
        bench_peer_run(peer);
        t[i] = now_ms() - t0;
        bench_peer_free(peer);
    }
    f->peer_alloc_ms = median(t, f->runs.peer);
}

/* Time every phase of one plan; f->present says whether it could. */
static void time_plan(plan_figures *f) {
    double t[MAX_RUNS];
    gp_plan *plan = NULL;
    gp_result *res = NULL;
    FILE *devnull = fopen("/dev/null", "w");

    if (!devnull) {
        snprintf(f->error, sizeof f->error, "cannot open /dev/null: %s", strerror(errno));
        return;
    }
    for (int i = 0; i < f->runs.load; i++) {
        gp_plan_free(plan);
        plan = NULL;
        double t0 = now_ms();
        if (load(f->path, &plan, f->error, sizeof f->error) != GP_OK)
            goto done;
        t[i] = now_ms() - t0;
    }
    f->load_ms = median(t, f->runs.load);
    f->units = plan->nunits;
    f->groups = gp_plan_group_count(plan);
    f->months = plan->cal.months;
    f->ugm = (double)f->groups * f->months;

    for (int i = 0; i < f->runs.model; i++) {
        gp_result_free(res);
        res = NULL;
        double t0 = now_ms();
        if (run_model(plan, &res, f->error, sizeof f->error) != GP_OK)
            goto done;
        t[i] = now_ms() - t0;
    }
    f->model_ms = median(t, f->runs.model);
    f->result_bytes = result_bytes(res);

    for (int i = 0; i < f->runs.write; i++) {
        double t0 = now_ms();
        if (write_json(plan, res, devnull) != GP_OK) {
            snprintf(f->error, sizeof f->error, "the JSON writer failed");
            goto done;
        }
        t[i] = now_ms() - t0;
    }
    f->write_ms = median(t, f->runs.write);

    time_peer(plan, res, f);
    if (f->error[0])
        goto done;

    /* End to end, as `gapplan run` does it: load, model, write; the frees are not timed. */
    for (int i = 0; i < f->runs.e2e; i++) {
        gp_plan *p2 = NULL;
        gp_result *r2 = NULL;
        double t0 = now_ms();
        bool ok = load(f->path, &p2, f->error, sizeof f->error) == GP_OK &&
                  run_model(p2, &r2, f->error, sizeof f->error) == GP_OK && write_json(p2, r2, devnull) == GP_OK;
        t[i] = now_ms() - t0;
        gp_result_free(r2);
        gp_plan_free(p2);
        if (!ok)
            goto done;
    }
    f->e2e_ms = f->runs.e2e ? median(t, f->runs.e2e) : f->load_ms + f->model_ms + f->write_ms;
    f->present = true;
done:
    gp_result_free(res);
    gp_plan_free(plan);
    fclose(devnull);
}

/* ---- the report ------------------------------------------------------------------------------- */

static void print_row(const char *name, char cells[NPLANS][CELL], size_t n) {
    printf("  %-44s", name);
    for (size_t i = 0; i < n; i++)
        printf(" %22s", cells[i]);
    putchar('\n');
}

/* One table row: each plan's cell formatted from `f` (that plan's figures), "-" where it was not measured. */
#define ROW(name, ...)                                                                      \
    do {                                                                                    \
        char cells_[NPLANS][CELL];                                                          \
        for (size_t i_ = 0; i_ < n; i_++) {                                                 \
            const plan_figures *f = &figs[i_];                                              \
            if (f->present)                                                                 \
                snprintf(cells_[i_], CELL, __VA_ARGS__);                                    \
            else                                                                            \
                snprintf(cells_[i_], CELL, "-");                                            \
        }                                                                                   \
        print_row(name, cells_, n);                                                         \
    } while (0)

#define MB(bytes) ((double)(bytes) / 1e6)
#define KB_MB(kb) ((double)(kb) * 1024 / 1e6)

static double model_increment_mb(const plan_figures *f) {
    return f->mem.ok ? KB_MB(f->mem.model_peak_kb - f->mem.before_model_kb) : NAN;
}

static void print_table(const plan_figures *figs, size_t n) {
    char head[NPLANS][CELL];
    for (size_t i = 0; i < n; i++)
        snprintf(head[i], CELL, "%s", figs[i].label);
    print_row("", head, n);
    ROW("units / groups / months", "%zu / %zu / %d", f->units, f->groups, f->months);
    ROW("unit-group-months", "%.0f", f->ugm);
    ROW("load, gp_plan_load_file (ms)", "%.3f", f->load_ms);
    ROW("model, gp_model_run (ms)", "%.3f", f->model_ms);
    ROW("JSON write to /dev/null (ms)", "%.3f", f->write_ms);
    ROW("total: load + model + write (ms)", "%.3f", f->e2e_ms);
    ROW("model throughput (M unit-group-months/s)", "%.2f", f->ugm / f->model_ms / 1e3);
    ROW("bare loop, preallocated (ms)", "%.3f", f->peer_ms);
    ROW("bare loop throughput (M unit-group-months/s)", "%.2f", f->ugm / f->peer_ms / 1e3);
    ROW("bare loop, fresh array each run (ms)", "%.3f", f->peer_alloc_ms);
    ROW("ratio model / bare loop", "%.2f", f->model_ms / f->peer_ms);
    ROW("model, first run in a fresh process (ms)", "%.3f", f->cold.model_ms);
    ROW("ratio model first run / bare loop fresh array", "%.2f", f->cold.model_ms / f->peer_alloc_ms);
    ROW("total, first run in a fresh process (ms)", "%.3f", f->cold.total_ms);
    ROW("bare loop agrees with the model", "%s", f->agree ? "agree" : "DIFFER");
    ROW("result arrays, monthly + annual (MB)", "%.1f", MB(f->result_bytes));
    ROW("bare loop array, monthly only (MB)", "%.1f", MB(f->peer_bytes));
    ROW("peak RSS, ru_maxrss (MB)", "%.1f", f->mem.ok ? KB_MB(f->mem.peak_kb) : NAN);
    ROW("RSS with the plan loaded (MB)", "%.1f", f->mem.ok ? KB_MB(f->mem.before_model_kb) : NAN);
    ROW("model's own peak increment (MB)", "%.1f", model_increment_mb(f));
    ROW("JSON writer's peak increment (MB)", "%.1f",
        f->mem.ok ? KB_MB(f->mem.write_peak_kb - f->mem.after_model_kb) : NAN);
    ROW("model increment / result arrays", "%.2f", model_increment_mb(f) / MB(f->result_bytes));
    ROW("peak RSS / result arrays", "%.2f", f->mem.ok ? KB_MB(f->mem.peak_kb) / MB(f->result_bytes) : NAN);
}

static void print_notes(const plan_figures *figs, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const plan_figures *f = &figs[i];
        if (!f->present) {
            printf("%s: not measured: %s\n", f->label, f->error);
            continue;
        }
        printf("%s: runs (median of): load %d, model %d, write %d, bare loop %d, fresh processes %d%s\n",
               f->label, f->runs.load, f->runs.model, f->runs.write, f->runs.peer, f->cold_runs,
               f->runs.e2e ? "" : "; total is the sum of the phase medians");
        if (f->agree)
            printf("%s: bare loop check: agree: %zu values compared, %zu of them staff_in_post, revenue_gap "
                   "and waiting_list; largest relative difference %.3g (tolerance %g relative or %g absolute)\n",
                   f->label, f->check.compared, f->check.headline, f->check.max_rel, BENCH_AGREE_REL,
                   BENCH_AGREE_ABS);
        else
            printf("%s: bare loop check: first difference: %s\n", f->label, f->check.first);
        if (!f->mem.ok)
            printf("%s: memory: the child process could not measure\n", f->label);
        else if (!f->mem.hwm_reset)
            printf("%s: memory: /proc/self/clear_refs unavailable, phase peaks include earlier phases\n",
                   f->label);
    }
}

static const char *verdict(bool measured, bool met) { return !measured ? "not measured" : met ? "met" : "NOT met"; }

static void print_targets(const plan_figures *england, const plan_figures *gen) {
    printf("\ntargets:\n");
    bool e = england->present;
    /* Judged on the slower of the two: a user's `gapplan run` is a fresh process. */
    double worst = e ? fmax(england->e2e_ms, england->cold.total_ms) : NAN;
    printf("  %s: load + model + JSON write %.3f ms (median in one process), %.3f ms (first run of a fresh "
           "process) (target < %.0f ms): %s\n",
           england->label, e ? england->e2e_ms : NAN, e ? england->cold.total_ms : NAN, TARGET_ENGLAND_MS,
           verdict(e, e && worst < TARGET_ENGLAND_MS));

    bool g = gen->present;
    double ratio = g ? gen->model_ms / gen->peer_ms : NAN;
    printf("  %s: model %.1f ms / bare loop %.1f ms = %.2f (target <= %.0f; bare loop %s): %s\n", gen->label,
           g ? gen->model_ms : NAN, g ? gen->peer_ms : NAN, ratio, TARGET_PEER_RATIO,
           g && gen->agree ? "agrees with the model" : "does NOT agree with the model",
           verdict(g, g && gen->agree && ratio <= TARGET_PEER_RATIO));
    double inc = g ? model_increment_mb(gen) : NAN, arrays = g ? MB(gen->result_bytes) : NAN;
    bool mem = g && gen->mem.ok;
    printf("  %s: model memory %.1f MB / result arrays %.1f MB = %.2f (target <= about %.0f; process peak "
           "%.1f MB = %.2f x, plan included): %s\n",
           gen->label, inc, arrays, inc / arrays, TARGET_MEMORY_RATIO, mem ? KB_MB(gen->mem.peak_kb) : NAN,
           mem ? KB_MB(gen->mem.peak_kb) / arrays : NAN, verdict(mem, mem && inc / arrays <= TARGET_MEMORY_RATIO));
    printf("  %s: bare loop %.1f M group-months/s (the issue's yardstick: about %.0f M on these machines)\n",
           gen->label, g ? gen->ugm / gen->peer_ms / 1e3 : NAN, REFERENCE_PEER_RATE / 1e6);
}

static void print_header(const bench_gen_options *o) {
    char cpu[512] = "unknown CPU", line[512];
    FILE *f = fopen("/proc/cpuinfo", "r");
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "model name", 10) == 0) {
            const char *c = strchr(line, ':');
            snprintf(cpu, sizeof cpu, "%s", c ? c + 2 : line);
            cpu[strcspn(cpu, "\n")] = '\0';
            break;
        }
    if (f)
        fclose(f);
    printf("gapplan %s bench_model: %s, %ld CPUs online, %s build\n", GP_VERSION, cpu,
           sysconf(_SC_NPROCESSORS_ONLN),
#if defined(NDEBUG)
           "optimised (NDEBUG)"
#else
           "debug (no NDEBUG: figures are not representative)"
#endif
    );
    printf("generated plan: %d units x %d groups x %d months from %04d-%02d, seed %llu\n\n", o->units, o->groups,
           o->months, o->start_year, o->start_month, (unsigned long long)o->seed);
}

/* ---- main --------------------------------------------------------------------------------------- */

static int usage(const char *msg) {
    fprintf(stderr, "bench_model: %s\nusage: bench_model [--seed N] [--units N] [--groups N] [--months N] "
                    "[--quick] [--england PLAN.json] [--keep-plan OUT.json]\n", msg);
    return 2;
}

static bool parse_int(const char *s, long lo, long hi, long *out) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* Write the generated plan to `keep` or to a new temporary file; its path goes to `path`. */
static int write_plan(const bench_gen_options *o, const char *keep, char *path, size_t size) {
    FILE *f;
    if (keep) {
        snprintf(path, size, "%s", keep);
        f = fopen(path, "w");
    } else {
        const char *dir = getenv("TMPDIR");
        snprintf(path, size, "%s/gapplan-bench-XXXXXX", dir && *dir ? dir : "/tmp");
        int fd = mkstemp(path);
        f = fd >= 0 ? fdopen(fd, "w") : NULL;
        if (fd >= 0 && !f)
            close(fd);
    }
    if (!f) {
        fprintf(stderr, "bench_model: cannot write %s: %s\n", path, strerror(errno));
        return -1;
    }
    int rc = bench_plan_generate(o, f);
    if (fclose(f) != 0 || rc != 0) {
        fprintf(stderr, "bench_model: cannot write %s\n", path);
        remove(path);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv) {
    bench_gen_options o = {.seed = 1, .units = 1000, .groups = 8, .months = 120, .start_year = 2022,
                           .start_month = 4};
    const char *england = GP_SOURCE_DIR "/examples/england-2022.json", *keep = NULL;
    bool quick = false;
    char gen_path[4096], gen_label[CELL];

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        long v = 0;
        if (strcmp(a, "--quick") == 0) {
            quick = true;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            return usage("measures model throughput and memory");
        if (!value)
            return usage("an option is missing its value");
        i++;
        if (strcmp(a, "--england") == 0)
            england = value;
        else if (strcmp(a, "--keep-plan") == 0)
            keep = value;
        else if (strcmp(a, "--seed") == 0 && parse_int(value, 0, LONG_MAX, &v))
            o.seed = (uint64_t)v;
        else if (strcmp(a, "--units") == 0 && parse_int(value, 1, BENCH_UNITS_MAX, &v))
            o.units = (int)v;
        else if (strcmp(a, "--groups") == 0 && parse_int(value, 1, BENCH_GROUPS_MAX, &v))
            o.groups = (int)v;
        else if (strcmp(a, "--months") == 0 && parse_int(value, 1, GP_MONTHS_MAX, &v))
            o.months = (int)v;
        else
            return usage("unknown option or bad value");
    }
    if (write_plan(&o, keep, gen_path, sizeof gen_path) != 0)
        return 1;
    snprintf(gen_label, sizeof gen_label, "generated %dx%dx%d", o.units, o.groups, o.months);

    plan_figures figs[NPLANS] = {
        {.label = "england-2022", .path = england, .runs = quick ? small_quick : small_runs},
        {.label = gen_label, .path = gen_path, .runs = quick ? large_quick : large_runs},
    };
    print_header(&o);
    /* Memory first, while this process is small: each child starts as a copy of it. */
    for (size_t i = 0; i < NPLANS; i++)
        measure_in_children(&figs[i]);
    for (size_t i = 0; i < NPLANS; i++)
        time_plan(&figs[i]);
    if (!keep)
        remove(gen_path);

    print_table(figs, NPLANS);
    putchar('\n');
    print_notes(figs, NPLANS);
    print_targets(&figs[0], &figs[1]);
    return figs[0].present || figs[1].present ? 0 : 1;
}
