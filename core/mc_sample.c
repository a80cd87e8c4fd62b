/*
** core/mc_sample.c: drawing uncertain inputs (mc.h): distributions, the
** per-iteration random streams and the Gaussian copula.
**
** Every input is drawn the same way, correlated or not: a vector of standard
** normals e, the copula's Cholesky factor L (the identity when nothing is
** correlated), z = L e, u_i = Phi(z_i), x_i = F_i^-1(u_i). The normal
** correlations come from the declared rank correlations by
** r = 2 sin(pi rho / 6), the exact relation for normal variables, and ranks
** survive the monotone maps Phi and F^-1, so x keeps the ranks' correlation.
**
** Streams: iteration i seeds a xoshiro256** generator from SplitMix64 of a
** hash of (seed, i), so no iteration's numbers depend on another's or on the
** thread that draws them.
*/
#include "gapplan/mc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* pi and 1/sqrt(2): C11 names neither (M_PI is POSIX's XSI extension). */
#define GP_PI 3.14159265358979323846
#define GP_SQRT1_2 0.70710678118654752440
/* Pivots of the Cholesky factorisation at or below this are taken as a matrix that is not positive definite. */
#define CHOLESKY_MIN_PIVOT 1e-10

struct gp_mc_sampler {
    size_t n;
    gp_mc_input *inputs;
    double *chol; /* n * n, lower triangle, row-major; NULL when nothing is correlated */
};

bool gp_mc_dist_parse(const char *name, gp_mc_dist *out) {
    if (strcmp(name, "uniform") == 0)
        *out = GP_MC_UNIFORM;
    else if (strcmp(name, "triangular") == 0)
        *out = GP_MC_TRIANGULAR;
    else
        return false;
    return true;
}

const char *gp_mc_dist_name(gp_mc_dist d) { return d == GP_MC_TRIANGULAR ? "triangular" : "uniform"; }

double gp_mc_quantile(const gp_mc_input *in, double u) {
    double a = in->low, b = in->high, c = in->mode;
    if (u <= 0)
        return a;
    if (u >= 1)
        return b;
    if (in->dist == GP_MC_UNIFORM || b <= a)
        return a + u * (b - a);
    double split = (c - a) / (b - a);
    if (u < split)
        return a + sqrt(u * (b - a) * (c - a));
    return b - sqrt((1 - u) * (b - a) * (b - c));
}

/* ---- random streams ------------------------------------------------------------------------ */

typedef struct rng {
    uint64_t s[4];
} rng;

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t next(rng *r) {
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Iteration i's stream: the seed and i are each mixed before they meet, so nearby seeds and i do not overlap. */
static void stream(rng *r, uint64_t seed, uint64_t iteration) {
    uint64_t a = seed, b = iteration ^ 0x6A09E667F3BCC909ull;
    uint64_t x = splitmix64(&a) ^ rotl(splitmix64(&b), 17);
    for (int k = 0; k < 4; k++)
        r->s[k] = splitmix64(&x);
}

/* Uniform in (0, 1]: 53 random bits, never 0 (Box-Muller takes its log). */
static double uniform01(rng *r) { return ((double)(next(r) >> 11) + 1.0) * 0x1.0p-53; }

/* n standard normals by Box-Muller, in pairs. */
static void normals(rng *r, double *out, size_t n) {
    for (size_t i = 0; i < n; i += 2) {
        double u1 = uniform01(r), u2 = uniform01(r);
        double radius = sqrt(-2.0 * log(u1)), angle = 2.0 * GP_PI * u2;
        out[i] = radius * cos(angle);
        if (i + 1 < n)
            out[i + 1] = radius * sin(angle);
    }
}

/* ---- the copula ----------------------------------------------------------------------------- */

/* In-place Cholesky factorisation of the n x n matrix a; false when it is not positive definite. */
static bool cholesky(double *a, size_t n) {
    for (size_t j = 0; j < n; j++) {
        double d = a[j * n + j];
        for (size_t k = 0; k < j; k++)
            d -= a[j * n + k] * a[j * n + k];
        if (!(d > CHOLESKY_MIN_PIVOT))
            return false;
        d = sqrt(d);
        a[j * n + j] = d;
        for (size_t i = j + 1; i < n; i++) {
            double s = a[i * n + j];
            for (size_t k = 0; k < j; k++)
                s -= a[i * n + k] * a[j * n + k];
            a[i * n + j] = s / d;
        }
        for (size_t i = 0; i < j; i++)
            a[i * n + j] = 0; /* keep the lower triangle only */
    }
    return true;
}

static bool check_corr(const gp_mc_input *inputs, size_t n, const gp_mc_corr *c, size_t k, const char *file,
                       gp_diag *diag) {
    if (c->a >= n || c->b >= n)
        return gp_diag_add(diag, file, 0, 0, NULL, "a correlation names an input that does not exist"), false;
    if (c->a == c->b) {
        gp_diag_add(diag, file, 0, 0, NULL, "%s is correlated with itself", inputs[c->a].name);
        return false;
    }
    if (!(c->rank >= -1 && c->rank <= 1)) {
        gp_diag_add(diag, file, 0, 0, NULL, "the rank correlation of %s and %s must be within [-1, 1], got %g",
                    inputs[c->a].name, inputs[c->b].name, c->rank);
        return false;
    }
    (void)k;
    return true;
}

gp_error gp_mc_sampler_new(const gp_mc_input *inputs, size_t n, const gp_mc_corr *corr, size_t ncorr,
                           const char *file, gp_mc_sampler **out, gp_diag *diag) {
    gp_mc_sampler *s = NULL;
    gp_error err = GP_ERR_NOMEM;

    *out = NULL;
    if (n > GP_MC_INPUTS_MAX) {
        gp_diag_add(diag, file, 0, 0, NULL, "%zu uncertain inputs: at most %d can be sampled together", n,
                    GP_MC_INPUTS_MAX);
        return GP_ERR_INVALID;
    }
    s = calloc(1, sizeof *s);
    if (!s || !(s->inputs = malloc((n ? n : 1) * sizeof *s->inputs)))
        goto fail;
    s->n = n;
    if (n)
        memcpy(s->inputs, inputs, n * sizeof *inputs);
    if (ncorr) {
        err = GP_ERR_INVALID;
        for (size_t k = 0; k < ncorr; k++)
            if (!check_corr(inputs, n, &corr[k], k, file, diag))
                goto fail;
        err = GP_ERR_NOMEM;
        if (!(s->chol = calloc(n * n, sizeof *s->chol)))
            goto fail;
        for (size_t i = 0; i < n; i++)
            s->chol[i * n + i] = 1;
        for (size_t k = 0; k < ncorr; k++) {
            double r = 2 * sin(GP_PI * corr[k].rank / 6);
            s->chol[corr[k].a * n + corr[k].b] = s->chol[corr[k].b * n + corr[k].a] = r;
        }
        if (!cholesky(s->chol, n)) {
            gp_diag_add(diag, file, 0, 0, NULL, "the rank correlations declared between the uncertain inputs "
                        "cannot all hold at once (their matrix is not positive definite): loosen some of them");
            err = GP_ERR_INVALID;
            goto fail;
        }
    }
    *out = s;
    return GP_OK;

fail:
    if (err == GP_ERR_NOMEM)
        gp_diag_add(diag, file, 0, 0, NULL, "out of memory setting up the sampler");
    gp_mc_sampler_free(s);
    return err;
}

void gp_mc_sampler_free(gp_mc_sampler *s) {
    if (!s)
        return;
    free(s->inputs);
    free(s->chol);
    free(s);
}

size_t gp_mc_sampler_count(const gp_mc_sampler *s) { return s->n; }

const gp_mc_input *gp_mc_sampler_input(const gp_mc_sampler *s, size_t i) { return &s->inputs[i]; }

void gp_mc_sample(const gp_mc_sampler *s, uint64_t seed, uint64_t iteration, double *out) {
    double e[GP_MC_INPUTS_MAX];
    size_t n = s->n;
    rng r;

    stream(&r, seed, iteration);
    normals(&r, e, n);
    for (size_t i = 0; i < n; i++) {
        double z = e[i];
        if (s->chol) {
            z = 0;
            for (size_t k = 0; k <= i; k++)
                z += s->chol[i * n + k] * e[k];
        }
        double u = 0.5 * erfc(-z * GP_SQRT1_2);
        out[i] = gp_mc_quantile(&s->inputs[i], u);
    }
}
