/*
** bench/bench_mc.c: the Monte Carlo benchmark (issue 6's targets): 10,000
** iterations of the England example with three uncertain scenarios
** (attendance-gain, international-nurses, retention-programme, their
** params drawn from their low..high), the plugins' Lua included, on one and
** on two threads; and the numpy peer (bench/peer_numpy.py) on the very same
** draws, in the same run, its every summary figure checked against ours.
**
** Also measured, to say where the time goes: the same iterations without
** Lua (plan copy, model, keeping the headline figures), and the cost of one
** scenario apply, which opens a fresh sandboxed Lua state each time, against
** an apply of a scenario that does nothing.
**
** Not a test: it prints figures and exits 0 whenever it could measure.
**   bench_mc [--iterations N] [--threads K] [--england PLAN.json] [--no-peer]
*/
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "gapplan/gapplan.h"
#include "gapplan/mc.h"
#include "gp_lua.h"

#define PATH_SIZE 4096
#define NSCEN 3
/* The system python, which has Debian's python3-numpy (scripts/setup). */
#define PEER_PYTHON "/usr/bin/python3"
/* Applies timed for the per-apply cost. */
#define APPLY_RUNS 300

static const char *const scenario_ids[NSCEN] = {"attendance-gain", "international-nurses", "retention-programme"};
static const char *const param_names[NSCEN] = {"points", "per_year", "reduction"};

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, const gp_diag *d) {
    fprintf(stderr, "bench_mc: %s\n", what);
    if (d)
        gp_diag_print(d, stderr, "  ");
    exit(1);
}

/* ---- the scenarios, loaded per worker ---------------------------------------------------------- */

typedef struct worker {
    gp_lua_scenario *sc[NSCEN];
} worker;

static gp_lua_scenario *load_scenario(const char *id, gp_diag *d) {
    char path[PATH_SIZE];
    gp_lua_scenario *sc = NULL;
    snprintf(path, sizeof path, "%s/plugins/%s.lua", GP_SOURCE_DIR, id);
    if (gp_lua_scenario_load(path, NULL, &sc, d) != GP_OK)
        die("cannot load a shipped scenario", d);
    return sc;
}

static gp_error open_worker(void *ctx, void **tctx, gp_diag *diag) {
    (void)ctx;
    worker *w = calloc(1, sizeof *w);
    if (!w)
        return GP_ERR_NOMEM;
    for (int k = 0; k < NSCEN; k++)
        w->sc[k] = load_scenario(scenario_ids[k], diag);
    *tctx = w;
    return GP_OK;
}

/* Apply the three scenarios with the drawn values, as `gapplan mc` does, and run the model. */
static gp_error run_lua(void *tctx, gp_plan *plan, const double *values, gp_result **out, gp_diag *diag) {
    worker *w = tctx;
    char text[NSCEN][32];
    for (int k = 0; k < NSCEN; k++) {
        snprintf(text[k], sizeof text[k], "%.17g", values[k]);
        gp_lua_setting s = {param_names[k], text[k]};
        gp_error err = gp_lua_scenario_apply(w->sc[k], plan, &s, 1, diag);
        if (err != GP_OK)
            return err;
    }
    return gp_lua_run_model(w->sc, NSCEN, plan, out, diag);
}

static void close_worker(void *tctx) {
    worker *w = tctx;
    for (int k = 0; k < NSCEN; k++)
        gp_lua_scenario_free(w->sc[k]);
    free(w);
}

/* The model alone: the iteration's copy run as it is. */
static gp_error run_model_only(void *tctx, gp_plan *plan, const double *values, gp_result **out, gp_diag *diag) {
    (void)tctx, (void)values;
    return gp_model_run(plan, out, diag);
}

/* ---- timing ------------------------------------------------------------------------------------- */

static gp_mc_summary *timed_run(const gp_plan *plan, const gp_mc_sampler *s, const gp_mc_hooks *hooks, size_t n,
                                int threads, double *seconds) {
    gp_mc_summary *sum = NULL;
    gp_diag d;
    gp_diag_init(&d);
    gp_mc_options o = {n, 20220401, threads, NULL, NULL};
    double t0 = now();
    if (gp_mc_run(plan, s, hooks, &o, &sum, &d) != GP_OK)
        die("the Monte Carlo run failed", &d);
    *seconds = now() - t0;
    gp_diag_free(&d);
    return sum;
}

/* Microseconds per apply of `sc` (on a fresh copy of the plan each time, the copy not timed). */
static double apply_us(gp_lua_scenario *sc, const gp_plan *plan) {
    gp_diag d;
    gp_diag_init(&d);
    double total = 0;
    for (int i = 0; i < APPLY_RUNS; i++) {
        gp_plan *copy = gp_mc_plan_copy(plan);
        double t0 = now();
        if (gp_lua_scenario_apply(sc, copy, NULL, 0, &d) != GP_OK)
            die("an apply failed", &d);
        total += now() - t0;
        gp_plan_free(copy);
    }
    gp_diag_free(&d);
    return total / APPLY_RUNS * 1e6;
}

/* ---- the peer ----------------------------------------------------------------------------------- */

/* Compare every figure the peer wrote with ours; returns the values compared, or 0 when it could not. */
static size_t compare_peer(const gp_mc_summary *sum, const gp_plan *plan, const char *json_path, double *model_s,
                           double *summary_s, double *max_rel, size_t *bad) {
    FILE *f = fopen(json_path, "rb");
    if (!f)
        return 0;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)len + 1);
    size_t got = fread(text, 1, (size_t)len, f);
    fclose(f);
    text[got] = '\0';
    cJSON *doc = cJSON_Parse(text);
    free(text);
    if (!doc)
        return 0;
    const cJSON *secs = cJSON_GetObjectItem(doc, "seconds"), *series = cJSON_GetObjectItem(doc, "series");
    *model_s = cJSON_GetObjectItem(secs, "model")->valuedouble;
    *summary_s = cJSON_GetObjectItem(secs, "summaries")->valuedouble;
    size_t compared = 0;
    *max_rel = 0;
    *bad = 0;
    for (const cJSON *item = series ? series->child : NULL; item; item = item->next) {
        char key[256], *parts[5], *save = NULL;
        int np = 0;
        snprintf(key, sizeof key, "%s", item->string);
        for (char *p = strtok_r(key, "/", &save); p && np < 5; p = strtok_r(NULL, "/", &save))
            parts[np++] = p;
        if (np != 5)
            continue;
        size_t unit = (size_t)(gp_plan_find_unit(plan, parts[0]) - plan->units);
        int stat = -1;
        for (int k = 0; k < GP_MC_STATS; k++)
            if (strcmp(gp_mc_stat_name(k), parts[4]) == 0)
                stat = k;
        const double *ours = gp_mc_summary_get(sum, unit, parts[1], parts[2], strcmp(parts[3], "annual") == 0, stat);
        if (!ours) {
            (*bad)++;
            continue;
        }
        int i = 0;
        for (const cJSON *v = item->child; v; v = v->next, i++) {
            double a = ours[i], b = v->valuedouble, diff = fabs(a - b);
            double rel = diff / fmax(fabs(a), fabs(b));
            compared++;
            if (diff > 1e-3 && rel > 1e-9)
                (*bad)++;
            if (diff > 0 && rel > *max_rel)
                *max_rel = rel;
        }
    }
    cJSON_Delete(doc);
    return compared;
}

static long peak_mib(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024;
}

int main(int argc, char **argv) {
    size_t n = 10000;
    int threads = 2;
    bool peer = true;
    char england[PATH_SIZE];
    snprintf(england, sizeof england, "%s/examples/england-2022.json", GP_SOURCE_DIR);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--iterations") == 0 && i + 1 < argc)
            n = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            threads = atoi(argv[++i]);
        else if (strcmp(argv[i], "--england") == 0 && i + 1 < argc)
            snprintf(england, sizeof england, "%s", argv[++i]);
        else if (strcmp(argv[i], "--no-peer") == 0)
            peer = false;
        else {
            fprintf(stderr, "usage: bench_mc [--iterations N] [--threads K] [--england PLAN.json] [--no-peer]\n");
            return 2;
        }
    }
    gp_diag d;
    gp_diag_init(&d);
    gp_plan *plan = NULL;
    if (gp_plan_load_file(england, &plan, &d) != GP_OK)
        die("cannot load the England example", &d);

    /* The three inputs, as gapplan mc makes them from the plugins' declarations. */
    gp_lua_scenario *main_sc[NSCEN];
    gp_mc_input in[NSCEN];
    for (int k = 0; k < NSCEN; k++) {
        main_sc[k] = load_scenario(scenario_ids[k], &d);
        const gp_lua_param *p = gp_lua_scenario_find_param(main_sc[k], param_names[k]);
        gp_mc_dist dist = GP_MC_UNIFORM;
        gp_mc_dist_parse(p->dist, &dist);
        double def = strtod(p->default_json, NULL);
        in[k] = (gp_mc_input){param_names[k], dist, p->low, fmin(fmax(def, p->low), p->high), p->high, NULL};
    }
    gp_mc_sampler *s = NULL;
    if (gp_mc_sampler_new(in, NSCEN, NULL, 0, "bench", &s, &d) != GP_OK)
        die("sampler", &d);

    printf("Monte Carlo of %s: %zu iterations, 3 uncertain scenarios (%s, %s, %s)\n\n", plan->name, n,
           scenario_ids[0], scenario_ids[1], scenario_ids[2]);
    gp_mc_hooks lua = {NULL, open_worker, run_lua, close_worker}, bare = {NULL, NULL, run_model_only, NULL};
    double t_lua, t_lua1, t_bare, t_bare1;
    gp_mc_summary *sum = timed_run(plan, s, &lua, n, threads, &t_lua);
    long peak = peak_mib();
    gp_mc_summary_free(timed_run(plan, s, &lua, n, 1, &t_lua1));
    gp_mc_summary_free(timed_run(plan, s, &bare, n, threads, &t_bare));
    gp_mc_summary_free(timed_run(plan, s, &bare, n, 1, &t_bare1));
    printf("gapplan mc engine, Lua included:  %.3f s on %d threads, %.3f s on 1 (target: under 1 s on two cores)\n",
           t_lua, threads, t_lua1);
    printf("  without Lua (copy, model, keep): %.3f s on %d threads, %.3f s on 1\n", t_bare, threads, t_bare1);
    printf("  peak memory %ld MiB, of which the store of headline figures %.1f MiB (target: under 500 MiB)\n", peak,
           (double)gp_mc_summary_store_bytes(sum) / (1 << 20));

    /* Where the Lua time goes: each apply opens a fresh sandboxed state. */
    gp_lua_scenario *empty = NULL;
    static const char nothing[] = "return scenario { id = \"nothing\", title = \"Nothing\", source = \"bench\",\n"
                                  "  apply = function(plan, p) end }\n";
    if (gp_lua_scenario_load_buffer(nothing, strlen(nothing), "nothing.lua", NULL, &empty, &d) != GP_OK)
        die("empty scenario", &d);
    double us_empty = apply_us(empty, plan), us_total = 0;
    printf("  one apply of a scenario that does nothing (its Lua state kept and reset): %.1f us\n", us_empty);
    for (int k = 0; k < NSCEN; k++) {
        double us = apply_us(main_sc[k], plan);
        us_total += us;
        printf("  one apply of %-22s %.1f us\n", scenario_ids[k], us);
    }
    printf("  Lua per iteration: %.0f us of the %.0f us an iteration costs on one thread (%.0f%%)\n", us_total,
           t_lua1 / (double)n * 1e6, 100 * us_total / (t_lua1 / (double)n * 1e6));

    if (peer) {
        char draws[] = "/tmp/bench-mc-draws.XXXXXX", out[PATH_SIZE], cmd[3 * PATH_SIZE];
        int fd = mkstemp(draws);
        FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
        if (!f)
            die("cannot write the draws", NULL);
        double v[NSCEN];
        for (size_t i = 0; i < n; i++) {
            gp_mc_sample(s, 20220401, i, v);
            fwrite(v, sizeof v[0], NSCEN, f);
        }
        fclose(f);
        snprintf(out, sizeof out, "%s.json", draws);
        snprintf(cmd, sizeof cmd, "%s %s/bench/peer_numpy.py %s %s %zu %s", PEER_PYTHON, GP_SOURCE_DIR, england,
                 draws, n, out);
        double t0 = now();
        int rc = system(cmd);
        double wall = now() - t0, model_s = 0, summary_s = 0, max_rel = 0;
        size_t bad = 0, compared = rc == 0 ? compare_peer(sum, plan, out, &model_s, &summary_s, &max_rel, &bad) : 0;
        if (compared == 0) {
            printf("\nnumpy peer: did not run (is python3-numpy installed? scripts/setup)\n");
        } else {
            double peer_s = model_s + summary_s;
            printf("\nnumpy peer (vectorised across iterations, the same draws): %.3f s (model %.3f s, summaries "
                   "%.3f s; %.2f s with Python's start and the plan's loading)\n", peer_s, model_s, summary_s, wall);
            printf("  checked: %zu figures, %zu differ beyond 1e-9 relative and 1e-3 absolute (largest relative "
                   "difference %.2g)\n", compared, bad, max_rel);
            printf("  ratio numpy / gapplan: %.2fx with Lua on %d threads (target: at least 3x), %.2fx without Lua\n",
                   peer_s / t_lua, threads, peer_s / t_bare);
        }
        remove(out);
        remove(draws);
    }
    for (int k = 0; k < NSCEN; k++)
        gp_lua_scenario_free(main_sc[k]);
    gp_lua_scenario_free(empty);
    gp_mc_summary_free(sum);
    gp_mc_sampler_free(s);
    gp_plan_free(plan);
    gp_diag_free(&d);
    return 0;
}
