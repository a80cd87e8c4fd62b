/*
** core/plan_load_systems.c: the plan's optional `systems` list
** (plan_load.h; docs/methodology.md "Systems"):
**
**   "systems": [{"id": "icb", "name": "...", "units": ["north", "south"],
**                "shared_waiting_list": {"travel_share": 0.05},
**                "pooled_funding": {"lines": ["Elective recovery fund"], "share": 0.35,
**                                   "rule": "gap"}}]
**
** Each problem is reported with its JSON path, as everywhere else. Member
** ids and line names are resolved against the units only when they loaded
** cleanly, so a broken unit is not reported a second time as unknown.
*/
#include "plan_load.h"

#include <stdlib.h>
#include <string.h>

#include "gapplan/text.h"
#include "nameset.h"
#include "schedule.h"

/* A system pools and moves between its members: one member would be no system. */
#define GP_SYSTEM_MIN_MEMBERS 2

static const char *const system_keys[] = {"id", "name", "units", "shared_waiting_list", "pooled_funding"};
static const char *const shared_keys[] = {"travel_share"};
static const char *const pooled_keys[] = {"lines", "share", "rule"};
static const char *const rule_names[] = {"gap", "waiting_list"};

#define COUNT(a) (sizeof a / sizeof a[0])

/* Items of a JSON array. */
static size_t array_count(const cJSON *arr) {
    size_t n = 0;
    for (const cJSON *item = arr->child; item; item = item->next)
        n++;
    return n;
}

/* An array value; else reports "must be an array of <what>" (null as for a required key). */
static bool expect_array(gp_loader *L, const cJSON *item, const char *what) {
    if (cJSON_IsArray(item))
        return true;
    if (cJSON_IsNull(item))
        gp_load_null(L, false);
    else
        gp_report(&L->r, "must be an array of %s, got %s", what, gp_json_type_name(item));
    return false;
}

/* A schedule within [0, 1] (a fraction); NULL when there is no calendar or it is invalid. */
static double *load_share(gp_loader *L, const cJSON *item) {
    if (cJSON_IsNull(item)) {
        gp_load_null(L, false);
        return NULL;
    }
    double *out = gp_load_new_schedule(L);
    bool ok = gp_schedule_load(item, out ? L->cal : NULL, 0, 1, &L->r, out);
    return ok ? out : NULL;
}

/* The unit of the plan with id `id`, as an index; else reports it (with a did-you-mean) and returns false. */
static bool find_unit(gp_loader *L, const char *id, size_t *at) {
    const gp_plan *plan = L->plan;
    const char **ids = malloc((plan->nunits ? plan->nunits : 1) * sizeof *ids);
    char shown[GP_KEY_TEXT_SIZE];
    for (size_t u = 0; u < plan->nunits; u++) {
        if (plan->units[u].id && strcmp(plan->units[u].id, id) == 0) {
            free(ids);
            *at = u;
            return true;
        }
        if (ids)
            ids[u] = plan->units[u].id ? plan->units[u].id : "";
    }
    const char *near = ids ? gp_nearest_name(id, ids, plan->nunits) : NULL;
    gp_key_text(id, shown, sizeof shown);
    if (near)
        gp_report(&L->r, "no unit \"%s\" in the plan; did you mean %s?", shown, near);
    else
        gp_report(&L->r, "no unit \"%s\" in the plan", shown);
    free(ids);
    return false;
}

/*
** `units`: ids of at least two units, each listed once and in no other
** system (owner[u] is the system that took unit u so far, or SIZE_MAX).
*/
static void load_members(gp_loader *L, const cJSON *arr, gp_system *sys, size_t self, size_t *owner,
                         bool resolve) {
    if (!expect_array(L, arr, "unit ids"))
        return;
    size_t n = array_count(arr), i = 0;
    if (n < GP_SYSTEM_MIN_MEMBERS) {
        gp_report(&L->r, "must list at least %d units, got %zu", GP_SYSTEM_MIN_MEMBERS, n);
        return;
    }
    sys->members = gp_arena_calloc(L->plan->arena, n, sizeof *sys->members);
    if (!sys->members) {
        L->r.nomem = true;
        return;
    }
    for (const cJSON *item = arr->child; item; item = item->next, i++) {
        gp_push_index(&L->r, i);
        char *id = gp_load_id(L, item);
        size_t u;
        if (id && resolve && find_unit(L, id, &u)) {
            if (owner[u] == self) {
                gp_report(&L->r, "unit \"%s\" is listed twice", id);
            } else if (owner[u] != SIZE_MAX) {
                gp_report(&L->r, "unit \"%s\" is already in system \"%s\" (systems[%zu]): a unit is in at most "
                                 "one system",
                          id, L->plan->systems[owner[u]].id ? L->plan->systems[owner[u]].id : "", owner[u]);
            } else {
                owner[u] = self;
                sys->members[sys->nmembers++] = u;
            }
        }
        gp_pop(&L->r);
    }
}

/* `shared_waiting_list`: {travel_share}. */
static void load_shared(gp_loader *L, const cJSON *obj, gp_system *sys) {
    bool seen = false;
    if (!gp_load_expect_object(L, obj))
        return;
    for (const cJSON *item = obj->child; item; item = item->next) {
        if (strcmp(item->string, "travel_share") == 0) {
            seen = true;
            gp_push_key(&L->r, item->string);
            sys->travel_share = load_share(L, item);
            gp_pop(&L->r);
        } else {
            gp_load_unknown_key(L, item->string, shared_keys, COUNT(shared_keys), NULL);
        }
    }
    if (!seen)
        gp_report(&L->r, "missing required field 'travel_share'");
}

/* True when some member unit has a funding line called `name`. */
static bool member_has_line(const gp_plan *plan, const gp_system *sys, const char *name) {
    for (size_t k = 0; k < sys->nmembers; k++) {
        const gp_finance *f = plan->units[sys->members[k]].finance;
        for (size_t i = 0; f && i < f->funding.count; i++)
            if (f->funding.items[i].name && strcmp(f->funding.items[i].name, name) == 0)
                return true;
    }
    return false;
}

/* Report a pooled line no member has, suggesting the nearest of the members' funding lines. */
static void report_missing_line(gp_loader *L, const gp_system *sys, const char *name) {
    const gp_plan *plan = L->plan;
    size_t n = 0;
    for (size_t k = 0; k < sys->nmembers; k++) {
        const gp_finance *f = plan->units[sys->members[k]].finance;
        n += f ? f->funding.count : 0;
    }
    const char **names = malloc((n ? n : 1) * sizeof *names);
    n = 0;
    for (size_t k = 0; names && k < sys->nmembers; k++) {
        const gp_finance *f = plan->units[sys->members[k]].finance;
        for (size_t i = 0; f && i < f->funding.count; i++)
            names[n++] = f->funding.items[i].name ? f->funding.items[i].name : "";
    }
    const char *near = names ? gp_nearest_name(name, names, n) : NULL;
    char shown[GP_KEY_TEXT_SIZE];
    gp_key_text(name, shown, sizeof shown);
    if (near)
        gp_report(&L->r, "no member unit has a funding line \"%s\"; did you mean \"%s\"?", shown, near);
    else
        gp_report(&L->r, "no member unit has a funding line \"%s\"", shown);
    free(names);
}

/* `lines`: a non-empty list of distinct funding line names, each found in some member's finance.funding. */
static void load_pool_lines(gp_loader *L, const cJSON *arr, gp_system *sys, bool resolve) {
    gp_nameset names;
    size_t n, i = 0;
    if (!expect_array(L, arr, "funding line names"))
        return;
    n = array_count(arr);
    if (n == 0) {
        gp_report(&L->r, "must name at least one funding line");
        return;
    }
    sys->pool_lines = gp_arena_calloc(L->plan->arena, n, sizeof *sys->pool_lines);
    if (!sys->pool_lines || !gp_nameset_init(&names, n)) {
        if (sys->pool_lines)
            gp_nameset_free(&names);
        L->r.nomem = true;
        return;
    }
    for (const cJSON *item = arr->child; item; item = item->next, i++) {
        gp_push_index(&L->r, i);
        char *name = gp_load_string(L, item, true);
        if (name) {
            size_t first = gp_nameset_add(&names, name, i);
            char shown[GP_KEY_TEXT_SIZE];
            gp_key_text(name, shown, sizeof shown);
            if (first != GP_NAMESET_NEW)
                gp_report(&L->r, "duplicate line \"%s\" (also lines[%zu])", shown, first);
            else if (resolve && !member_has_line(L->plan, sys, name))
                report_missing_line(L, sys, name);
            else
                sys->pool_lines[sys->npool_lines++] = name;
        }
        gp_pop(&L->r);
    }
    gp_nameset_free(&names);
}

static void load_rule(gp_loader *L, const cJSON *item, gp_pool_rule *rule) {
    char *name = gp_load_string(L, item, false);
    if (!name)
        return;
    if (strcmp(name, "gap") == 0) {
        *rule = GP_POOL_GAP;
        return;
    }
    if (strcmp(name, "waiting_list") == 0) {
        *rule = GP_POOL_WAITING_LIST;
        return;
    }
    const char *near = gp_nearest_name(name, rule_names, COUNT(rule_names));
    char shown[GP_KEY_TEXT_SIZE];
    gp_key_text(name, shown, sizeof shown);
    if (near)
        gp_report(&L->r, "unknown rule \"%s\"; did you mean %s?", shown, near);
    else
        gp_report(&L->r, "unknown rule \"%s\": use \"gap\" or \"waiting_list\"", shown);
}

/* `pooled_funding`: {lines, share, rule}. */
static void load_pooled(gp_loader *L, const cJSON *obj, gp_system *sys, bool resolve) {
    bool have_lines = false, have_share = false;
    if (!gp_load_expect_object(L, obj))
        return;
    sys->pool_rule = GP_POOL_GAP;
    for (const cJSON *item = obj->child; item; item = item->next) {
        const char *key = item->string;
        gp_push_key(&L->r, key);
        if (strcmp(key, "lines") == 0) {
            have_lines = true;
            load_pool_lines(L, item, sys, resolve);
        } else if (strcmp(key, "share") == 0) {
            have_share = true;
            sys->pool_share = load_share(L, item);
        } else if (strcmp(key, "rule") == 0) {
            load_rule(L, item, &sys->pool_rule);
        }
        gp_pop(&L->r);
        if (strcmp(key, "lines") && strcmp(key, "share") && strcmp(key, "rule"))
            gp_load_unknown_key(L, key, pooled_keys, COUNT(pooled_keys), NULL);
    }
    if (!have_lines)
        gp_report(&L->r, "missing required field 'lines'");
    if (!have_share)
        gp_report(&L->r, "missing required field 'share'");
}

static void load_system(gp_loader *L, const cJSON *obj, gp_system *sys, size_t self, size_t *owner,
                        bool resolve) {
    const cJSON *members = NULL, *shared = NULL, *pooled = NULL;
    bool id_seen = false;
    if (!gp_load_expect_object(L, obj))
        return;
    for (const cJSON *item = obj->child; item; item = item->next) {
        const char *key = item->string;
        if (strcmp(key, "id") == 0 || strcmp(key, "name") == 0) {
            gp_push_key(&L->r, key);
            if (key[0] == 'i') {
                id_seen = true;
                sys->id = gp_load_id(L, item);
            } else {
                sys->name = gp_load_string(L, item, false);
            }
            gp_pop(&L->r);
        } else if (strcmp(key, "units") == 0) {
            members = item;
        } else if (strcmp(key, "shared_waiting_list") == 0) {
            shared = item;
        } else if (strcmp(key, "pooled_funding") == 0) {
            pooled = item;
        } else {
            gp_load_unknown_key(L, key, system_keys, COUNT(system_keys), NULL);
        }
    }
    if (!id_seen)
        gp_report(&L->r, "missing required field 'id'");
    if (!sys->name)
        sys->name = sys->id ? sys->id : "";
    /* Members first: the pooled lines are looked up in the members' funding. */
    if (members) {
        gp_push_key(&L->r, "units");
        load_members(L, members, sys, self, owner, resolve);
        gp_pop(&L->r);
    } else {
        gp_report(&L->r, "missing required field 'units'");
    }
    if (shared) {
        gp_push_key(&L->r, "shared_waiting_list");
        load_shared(L, shared, sys);
        gp_pop(&L->r);
    }
    if (pooled) {
        gp_push_key(&L->r, "pooled_funding");
        load_pooled(L, pooled, sys, resolve);
        gp_pop(&L->r);
    }
}

void gp_load_systems(gp_loader *L, const cJSON *arr, bool resolve) {
    gp_plan *plan = L->plan;
    gp_nameset ids;
    size_t n, i = 0, *owner = NULL;
    if (cJSON_IsNull(arr)) {
        gp_load_null(L, true);
        return;
    }
    if (!cJSON_IsArray(arr)) {
        gp_report(&L->r, "must be an array of systems, got %s", gp_json_type_name(arr));
        return;
    }
    n = array_count(arr);
    if (n == 0)
        return;
    plan->systems = gp_arena_calloc(plan->arena, n, sizeof *plan->systems);
    owner = malloc((plan->nunits ? plan->nunits : 1) * sizeof *owner);
    if (!plan->systems || !owner || !gp_nameset_init(&ids, n)) {
        if (plan->systems && owner)
            gp_nameset_free(&ids);
        free(owner);
        L->r.nomem = true;
        return;
    }
    for (size_t u = 0; u < plan->nunits; u++)
        owner[u] = SIZE_MAX;
    plan->nsystems = n;
    for (const cJSON *item = arr->child; item && !L->r.nomem; item = item->next, i++) {
        gp_system *sys = &plan->systems[i];
        gp_push_index(&L->r, i);
        load_system(L, item, sys, i, owner, resolve);
        if (sys->id) {
            size_t first = gp_nameset_add(&ids, sys->id, i);
            if (first != GP_NAMESET_NEW)
                gp_load_duplicate(L, "id", "id", sys->id, first);
        }
        gp_pop(&L->r);
    }
    gp_nameset_free(&ids);
    free(owner);
}
