/*
** core/mc_run.c: Monte Carlo iterations on worker threads (gp_mc_run in
** mc.h).
**
** Workers take iterations in small chunks from a shared counter, so a slow
** iteration (a plugin with more work at some values) never leaves a core
** idle. Each worker has its own plan copy per iteration and its own hook
** state (Lua scenarios); the only things shared are the read-only plan and
** sampler, the counters, and the store, where each iteration writes its own
** slots. The caller's thread reports progress while the workers run, then
** the workers' threads compute the statistics, each over a share of the
** cells.
*/
#include "mc_private.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gapplan/model.h"

/*
** Iterations a worker takes at a time: few enough to share the tail evenly
** (32 England iterations are about 5 ms), enough that moving a chunk's rows
** into the store writes each cell's values as a run of 256 bytes.
*/
#define CHUNK 32
/* Nanoseconds between progress reports. */
#define PROGRESS_NS 100000000L

typedef struct shared {
    const gp_plan *plan;
    const gp_mc_sampler *sampler;
    const gp_mc_hooks *hooks;
    const gp_mc_options *opts;
    gp_mc_summary *sum;
    atomic_size_t next;     /* the next iteration not yet taken */
    atomic_size_t done;     /* iterations finished */
    atomic_bool stop;       /* an iteration failed: take no more */
    atomic_int running;     /* workers still running */
    pthread_mutex_t lock;   /* guards the failure below */
    size_t failed_at;       /* the lowest failing iteration seen, or SIZE_MAX */
    gp_error err;
    gp_diag failure;        /* its diag */
} shared;

typedef struct worker {
    shared *sh;
    pthread_t thread;
    size_t first_cell, last_cell; /* the statistics share */
} worker;

/* Record an iteration's failure when it is the lowest seen so far. */
static void fail(shared *sh, size_t i, gp_error err, gp_diag *diag) {
    pthread_mutex_lock(&sh->lock);
    if (i < sh->failed_at) {
        gp_diag tmp = sh->failure;
        sh->failure = *diag;
        *diag = tmp;
        sh->failed_at = i;
        sh->err = err;
    }
    pthread_mutex_unlock(&sh->lock);
    atomic_store(&sh->stop, true);
}

/* One iteration: copy, set the plan inputs, run through the hooks, keep the headline figures in `row`. */
static gp_error iterate(shared *sh, void *tctx, size_t i, double *values, double *row, gp_diag *diag) {
    const gp_mc_sampler *smp = sh->sampler;
    gp_result *res = NULL;
    gp_error err = GP_OK;
    gp_plan *plan = gp_mc_plan_copy(sh->plan);

    if (!plan) {
        gp_diag_add(diag, sh->plan->file, 0, 0, NULL, "out of memory copying the plan");
        return GP_ERR_NOMEM;
    }
    gp_mc_sample(smp, sh->opts->seed, i, values);
    for (size_t k = 0; k < gp_mc_sampler_count(smp) && err == GP_OK; k++) {
        const gp_mc_input *in = gp_mc_sampler_input(smp, k);
        if (in->range)
            err = gp_mc_range_apply(in->range, plan, values[k], sh->plan->file, diag);
    }
    if (err == GP_OK)
        err = sh->hooks && sh->hooks->run ? sh->hooks->run(tctx, plan, values, &res, diag)
                                          : gp_model_run(plan, &res, diag);
    if (err == GP_OK)
        gp_mc_summary_keep(sh->sum, res, row);
    gp_result_free(res);
    gp_plan_free(plan);
    return err;
}

static void *work(void *arg) {
    worker *w = arg;
    shared *sh = w->sh;
    const gp_mc_hooks *hooks = sh->hooks;
    void *tctx = NULL;
    double values[GP_MC_INPUTS_MAX];
    gp_diag diag;
    gp_error err = GP_OK;

    size_t ncells = sh->sum->ncells;
    double *rows = malloc(CHUNK * (ncells ? ncells : 1) * sizeof *rows);

    gp_diag_init(&diag);
    if (!rows) {
        gp_diag_add(&diag, sh->plan->file, 0, 0, NULL, "out of memory starting a worker");
        fail(sh, 0, err = GP_ERR_NOMEM, &diag);
    }
    if (err == GP_OK && hooks && hooks->open && (err = hooks->open(hooks->ctx, &tctx, &diag)) != GP_OK)
        fail(sh, 0, err, &diag);
    while (err == GP_OK && !atomic_load(&sh->stop)) {
        size_t first = atomic_fetch_add(&sh->next, CHUNK);
        if (first >= sh->opts->iterations)
            break;
        size_t last = first + CHUNK < sh->opts->iterations ? first + CHUNK : sh->opts->iterations;
        size_t i = first;
        for (; i < last && !atomic_load(&sh->stop); i++) {
            if ((err = iterate(sh, tctx, i, values, rows + (i - first) * ncells, &diag)) != GP_OK) {
                fail(sh, i, err, &diag);
                break;
            }
            atomic_fetch_add(&sh->done, 1);
        }
        gp_mc_summary_store(sh->sum, rows, first, i - first);
    }
    free(rows);
    if (hooks && hooks->close && tctx)
        hooks->close(tctx);
    gp_diag_free(&diag);
    atomic_fetch_sub(&sh->running, 1);
    return NULL;
}

static void *stats_work(void *arg) {
    worker *w = arg;
    gp_mc_summary_stats(w->sh->sum, w->first_cell, w->last_cell);
    return NULL;
}

/* Report progress until every worker has finished. */
static void watch(shared *sh) {
    const gp_mc_options *o = sh->opts;
    struct timespec pause = {0, PROGRESS_NS};
    while (atomic_load(&sh->running) > 0) {
        o->progress(o->progress_ctx, atomic_load(&sh->done), o->iterations);
        nanosleep(&pause, NULL);
    }
    o->progress(o->progress_ctx, atomic_load(&sh->done), o->iterations);
}

/* Start `n` threads running fn on workers[0 .. n-1]; the caller's own thread runs none. Returns how many started. */
static int start(worker *workers, int n, void *(*fn)(void *)) {
    int started = 0;
    while (started < n && pthread_create(&workers[started].thread, NULL, fn, &workers[started]) == 0)
        started++;
    return started;
}

static void join(worker *workers, int n) {
    for (int k = 0; k < n; k++)
        pthread_join(workers[k].thread, NULL);
}

gp_error gp_mc_run(const gp_plan *plan, const gp_mc_sampler *sampler, const gp_mc_hooks *hooks,
                   const gp_mc_options *opts, gp_mc_summary **out, gp_diag *diag) {
    worker workers[GP_MC_THREADS_MAX];
    shared *sh = NULL;
    gp_error err = GP_ERR_ARGUMENT;
    int nthreads = opts->threads, started;
    bool oom = false;

    *out = NULL;
    if (nthreads < 1 || nthreads > GP_MC_THREADS_MAX || opts->iterations < 1 ||
        opts->iterations > GP_MC_ITERATIONS_MAX)
        return GP_ERR_ARGUMENT;
    err = GP_ERR_NOMEM;
    if (!(sh = calloc(1, sizeof *sh))) {
        oom = true;
        goto fail;
    }
    sh->plan = plan;
    sh->sampler = sampler;
    sh->hooks = hooks;
    sh->opts = opts;
    sh->failed_at = SIZE_MAX;
    gp_diag_init(&sh->failure);
    pthread_mutex_init(&sh->lock, NULL);
    atomic_init(&sh->next, 0);
    atomic_init(&sh->done, 0);
    atomic_init(&sh->stop, false);
    atomic_init(&sh->running, nthreads);
    if (!(sh->sum = gp_mc_summary_new(plan, opts->iterations))) {
        oom = true;
        goto fail;
    }

    for (int k = 0; k < nthreads; k++)
        workers[k] = (worker){.sh = sh};
    started = start(workers, nthreads, work);
    atomic_fetch_sub(&sh->running, nthreads - started);
    if (started == 0) {
        gp_diag_add(diag, plan->file, 0, 0, NULL, "could not start a worker thread");
        err = GP_ERR_NOMEM;
        goto fail;
    }
    if (opts->progress)
        watch(sh);
    join(workers, started);
    if (sh->failed_at != SIZE_MAX) {
        for (size_t k = 0; k < sh->failure.count; k++) {
            const gp_diag_item *it = &sh->failure.items[k];
            gp_diag_add(diag, it->file, it->line, it->column, it->path, "iteration %zu: %s", sh->failed_at,
                        it->message);
        }
        err = sh->err;
        goto fail;
    }

    size_t ncells = sh->sum->ncells;
    for (int k = 0; k < nthreads; k++) {
        workers[k].first_cell = ncells * (size_t)k / (size_t)nthreads;
        workers[k].last_cell = ncells * (size_t)(k + 1) / (size_t)nthreads;
    }
    started = start(workers, nthreads, stats_work);
    for (int k = started; k < nthreads; k++) /* threads that would not start: their share on this one */
        stats_work(&workers[k]);
    join(workers, started);
    gp_mc_summary_finish(sh->sum);
    *out = sh->sum;
    sh->sum = NULL;
    err = GP_OK;

fail:
    if (oom)
        gp_diag_add(diag, plan->file, 0, 0, NULL, "out of memory: %zu iterations need their headline figures "
                    "kept in memory; try fewer", opts->iterations);
    if (sh) {
        gp_mc_summary_free(sh->sum);
        gp_diag_free(&sh->failure);
        pthread_mutex_destroy(&sh->lock);
        free(sh);
    }
    return err;
}
