/*
** lua/sandbox_string.c: the string functions that could run for minutes
** inside one C call, where the count hook never fires.
**
** string.rep: `("x"):rep(1e15)` is stopped by the memory cap, but
** `(""):rep(1e15)` allocates nothing and loops 1e15 times. The guard returns
** "" at once when nothing is repeated, and refuses results over
** GP_SANDBOX_REP_MAX bytes.
**
** Patterns (find, match, gmatch, gsub): Lua's matcher backtracks. A pattern
** has no alternation or nested repetition, so the work is bounded by how the
** repeated items (`*`, `+`, `-`, plus `%b` and back-references, which scan)
** can split the subject: with n bytes and b such items the matcher tries at
** most C(n + b, b) ways from one start, C(n + b + 1, b + 1) over every start,
** each `?` doubling it. The guard computes that bound before matching and
** refuses patterns whose bound passes GP_SANDBOX_PATTERN_COST_MAX, with a
** message saying how to make it cheap (anchor it, fewer repetitions, a
** shorter subject). A second bound, the product of the longest runs of
** subject bytes each repeated item's class can take, keeps ordinary patterns
** cheap (`^%s*(.-)%s*$` on a label is linear), while the blowup
** `("a"):rep(400):find(("a-"):rep(3) .. "b")` is refused. The bound is also
** charged to the instruction budget, so many matches just under the limit
** run out of budget as a loop does. It is a static check, chosen over a
** step-counting copy of the matcher so that matching stays Lua's own code;
** at the limit one match takes about half a second on these machines.
*/
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

#include "sandbox.h"

/* Largest string string.rep may make. */
#define GP_SANDBOX_REP_MAX ((size_t)16 << 20)
/*
** Largest bound on matcher steps a pattern may have on its subject. At about
** 10^8 simple steps a second, a refused pattern would have been able to run
** for more than a second; ordinary ones are far below.
*/
#define GP_SANDBOX_PATTERN_COST_MAX 1e8

static int safe_rep(lua_State *L) {
    size_t l, lsep;
    luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    if (n <= 0 || (l == 0 && lsep == 0)) {
        lua_pushliteral(L, "");
        return 1;
    }
    if ((double)n * ((double)l + (double)lsep) > (double)GP_SANDBOX_REP_MAX)
        return luaL_error(L, "string.rep: the result would be over %d bytes, the limit for plugins",
                          (int)GP_SANDBOX_REP_MAX);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/* Repeated items of one pattern that are followed closely; past this many the pattern is refused outright. */
#define PATTERN_ITEMS_MAX 32

/* The shape of a pattern that matters for its cost. */
typedef struct pattern_shape {
    int scans;    /* *, +, -, %b, back-references */
    int options;  /* ? */
    bool anchored;
    /* the class (p[from..to)) of each repeated single-character item; from == to for %b and back-references */
    size_t from[PATTERN_ITEMS_MAX], to[PATTERN_ITEMS_MAX];
} pattern_shape;

/* Past a set "[...]" starting at p[i] == '[' (lstrlib's classEnd rule: a ']' right after '[' or '[^' is literal). */
static size_t skip_set(const char *p, size_t lp, size_t i) {
    i++;
    if (i < lp && p[i] == '^')
        i++;
    do {
        if (i >= lp)
            return lp;
        i += p[i] == '%' ? 2 : 1;
    } while (i < lp && p[i] != ']');
    return i + 1;
}

static void add_scan(pattern_shape *s, size_t from, size_t to) {
    if (s->scans < PATTERN_ITEMS_MAX) {
        s->from[s->scans] = from;
        s->to[s->scans] = to;
    }
    s->scans++;
}

static pattern_shape scan_pattern(const char *p, size_t lp, bool may_anchor) {
    pattern_shape s = {.anchored = may_anchor && lp > 0 && p[0] == '^'};
    size_t i = s.anchored ? 1 : 0;
    while (i < lp) {
        char c = p[i];
        size_t start = i;
        if (c == '(' || c == ')' || (c == '$' && i + 1 == lp)) {
            i++;
            continue;
        }
        if (c == '%' && i + 1 < lp) {
            char d = p[i + 1];
            if (d == 'b') { /* %bxy scans to the balancing y */
                add_scan(&s, 0, 0);
                i += 4;
                continue;
            }
            if (d == 'f') { /* %f[set]: one test */
                i = i + 2 < lp && p[i + 2] == '[' ? skip_set(p, lp, i + 2) : i + 2;
                continue;
            }
            if (d >= '0' && d <= '9') { /* a back-reference compares up to n bytes */
                add_scan(&s, 0, 0);
                i += 2;
                continue;
            }
            i += 2;
        } else if (c == '[') {
            i = skip_set(p, lp, i);
        } else {
            i++;
        }
        if (i < lp && (p[i] == '*' || p[i] == '+' || p[i] == '-')) {
            add_scan(&s, start, i);
            i++;
        } else if (i < lp && p[i] == '?') {
            s.options++;
            i++;
        }
    }
    return s;
}

/* Whether c is in the class letter `cl` (%a, %d, ...; upper case is the complement), as lstrlib has it. */
static bool in_letter_class(unsigned char c, char cl) {
    bool r;
    switch (cl | 0x20) {
    case 'a': r = isalpha(c); break;
    case 'c': r = iscntrl(c); break;
    case 'd': r = isdigit(c); break;
    case 'g': r = isgraph(c); break;
    case 'l': r = islower(c); break;
    case 'p': r = ispunct(c); break;
    case 's': r = isspace(c); break;
    case 'u': r = isupper(c); break;
    case 'w': r = isalnum(c); break;
    case 'x': r = isxdigit(c); break;
    default: return (unsigned char)cl == c; /* %. and the like: the character itself */
    }
    return isupper((unsigned char)cl) ? !r : r;
}

/* Whether c matches the single-character class p[from..to): a literal, '.', %x or [set]. */
static bool in_class(unsigned char c, const char *p, size_t from, size_t to) {
    if (p[from] == '.')
        return true;
    if (p[from] == '%')
        return in_letter_class(c, p[from + 1]);
    if (p[from] != '[')
        return (unsigned char)p[from] == c;
    size_t i = from + 1, end = to - 1; /* inside the brackets */
    bool negate = i < end && p[i] == '^', found = false;
    if (negate)
        i++;
    while (i < end && !found) {
        if (p[i] == '%' && i + 1 < end) {
            found = in_letter_class(c, p[i + 1]);
            i += 2;
        } else if (i + 2 < end && p[i + 1] == '-') {
            found = (unsigned char)p[i] <= c && c <= (unsigned char)p[i + 2];
            i += 3;
        } else {
            found = (unsigned char)p[i] == c;
            i++;
        }
    }
    return negate ? !found : found;
}

/* The longest run of subject bytes in the class: how far one repeated item can reach. */
static size_t longest_run(const char *subj, size_t ls, const char *p, size_t from, size_t to) {
    size_t best = 0, run = 0;
    if (from == to)
        return ls; /* %b, back-references: up to the whole subject */
    for (size_t i = 0; i < ls; i++) {
        run = in_class((unsigned char)subj[i], p, from, to) ? run + 1 : 0;
        if (run > best)
            best = run;
    }
    return best;
}

/* C(n, k) as a double (k small). */
static double choose(double n, int k) {
    double r = 1;
    for (int j = 1; j <= k; j++)
        r = r * (n - k + j) / j;
    return r;
}

/*
** A bound on the matcher's steps, the lesser of two: how the b repeated
** items can split n bytes (C(n + b, b) from one start), and the product over
** the items of the longest run each can take (+1), which is small when the
** items' classes are rare in the subject (`%s*` in a label).
*/
static double pattern_cost(const char *subj, size_t ls, const char *p, const pattern_shape *s) {
    double n = (double)ls, product = 1;
    if (s->scans > PATTERN_ITEMS_MAX)
        return HUGE_VAL;
    for (int k = 0; k < s->scans; k++)
        product *= (double)longest_run(subj, ls, p, s->from[k], s->to[k]) + 1;
    double split = s->anchored ? choose(n + s->scans, s->scans) : choose(n + s->scans + 1, s->scans + 1);
    if (!s->anchored)
        product *= n + 1;
    return (split < product ? split : product) * pow(2, s->options);
}

/*
** Refuse the pattern at argument 2 on the subject at argument 1 when its
** bound passes the limit, and charge the bound to the instruction budget, so
** a loop of expensive matches runs out of budget like any other loop.
** [-0, +0, v]
*/
static void check_pattern(lua_State *L, const char *fname, bool may_anchor) {
    size_t ls, lp;
    const char *subj = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    pattern_shape s = scan_pattern(p, lp, may_anchor);
    double cost = pattern_cost(subj, ls, p, &s);
    if (cost > GP_SANDBOX_PATTERN_COST_MAX) {
        char steps[32];
        snprintf(steps, sizeof steps, "%.3g", cost);
        luaL_error(L,
                   "string.%s: this pattern could take up to %s matching steps on a %I-byte string (plugins "
                   "may use %d): anchor it with '^', use fewer repetitions (*, +, -, ?) or match a shorter "
                   "string",
                   fname, steps, (lua_Integer)ls, (int)GP_SANDBOX_PATTERN_COST_MAX);
    }
    gp_sandbox_charge(L, cost);
}

/* Call the original function (upvalue 1) with every argument. */
static int call_original(lua_State *L) {
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

static int safe_find(lua_State *L) {
    if (!lua_toboolean(L, 4)) /* a plain find is a linear search */
        check_pattern(L, "find", true);
    return call_original(L);
}

static int safe_match(lua_State *L) {
    check_pattern(L, "match", true);
    return call_original(L);
}

static int safe_gmatch(lua_State *L) {
    check_pattern(L, "gmatch", false); /* '^' does not anchor gmatch */
    return call_original(L);
}

static int safe_gsub(lua_State *L) {
    check_pattern(L, "gsub", true);
    return call_original(L);
}

void gp_sandbox_guard_string(lua_State *L, int string_table) {
    static const luaL_Reg guards[] = {
        {"rep", safe_rep}, {"find", safe_find}, {"match", safe_match}, {"gmatch", safe_gmatch},
        {"gsub", safe_gsub}, {NULL, NULL},
    };
    string_table = lua_absindex(L, string_table);
    for (const luaL_Reg *g = guards; g->name; g++) {
        lua_getfield(L, string_table, g->name);
        lua_pushcclosure(L, g->func, 1);
        lua_setfield(L, string_table, g->name);
    }
    lua_pushnil(L);
    lua_setfield(L, string_table, "dump");
}
