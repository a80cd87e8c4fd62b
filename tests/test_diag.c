/*
** tests/test_diag.c: the diagnostics list (core/error.c): how an item reads,
** printing, the cap on kept items, and running out of memory part-way.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gapplan/error.h"

/*
** Fault injection: with glibc, the test program's own malloc family replaces
** the C library's, so the Nth allocation from here on can be made to fail.
** Outside a fault test fail_after is -1 and everything passes straight through.
** AddressSanitizer brings its own allocator, so the injection is left out there.
*/
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
#define GP_FAULT_INJECTION 1
extern void *__libc_malloc(size_t n);
extern void *__libc_realloc(void *p, size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void __libc_free(void *p);

static long fail_after = -1;
static int injected; /* set once an allocation has been made to fail */

static int should_fail(void) {
    if (fail_after < 0)
        return 0;
    if (fail_after == 0) {
        injected = 1;
        return 1;
    }
    fail_after--;
    return 0;
}

void *malloc(size_t n) {
    return should_fail() ? NULL : __libc_malloc(n);
}
void *realloc(void *p, size_t n) {
    return should_fail() ? NULL : __libc_realloc(p, n);
}
void *calloc(size_t n, size_t size) {
    return should_fail() ? NULL : __libc_calloc(n, size);
}
void free(void *p) {
    __libc_free(p);
}
#endif

static char *formatted(const gp_diag_item *item) {
    static char buf[1024];
    gp_diag_format(item, buf, sizeof buf);
    return buf;
}

/* Everything gp_diag_print writes for d, as one string (owned). */
static char *printed(const gp_diag *d, const char *prefix) {
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert_not_null(f);
    gp_diag_print(d, f, prefix);
    fclose(f);
    return text;
}

Test(diag, file_and_path) {
    gp_diag d;
    gp_diag_init(&d);
    cr_assert_eq(gp_diag_add(&d, "plan.json", 0, 0, "units[0].groups[2].leaver_rate",
                             "must be within [0, 1], got %g", 1.7),
                 GP_OK);
    cr_assert_eq(d.count, 1);
    cr_expect_str_eq(formatted(&d.items[0]),
                     "plan.json: units[0].groups[2].leaver_rate: must be within [0, 1], got 1.7");
    gp_diag_free(&d);
}

Test(diag, file_line_column) {
    gp_diag d;
    gp_diag_init(&d);
    gp_diag_add(&d, "plan.json", 3, 14, NULL, "expected ',' or '}' after an object member");
    cr_expect_str_eq(formatted(&d.items[0]), "plan.json:3:14: expected ',' or '}' after an object member");
    cr_expect_eq(d.items[0].line, 3);
    cr_expect_eq(d.items[0].column, 14);
    cr_expect_null(d.items[0].path);
    gp_diag_free(&d);
}

Test(diag, file_line_column_path) {
    gp_diag d;
    gp_diag_init(&d);
    gp_diag_add(&d, "plan.json", 3, 14, "units[0].id", "duplicate key \"id\" (first at line %d)", 2);
    cr_expect_str_eq(formatted(&d.items[0]), "plan.json:3:14: units[0].id: duplicate key \"id\" (first at line 2)");
    gp_diag_free(&d);
}

Test(diag, file_only_and_nothing) {
    gp_diag d;
    gp_diag_init(&d);
    gp_diag_add(&d, "plan.json", 0, 0, NULL, "the file is empty");
    gp_diag_add(&d, NULL, 0, 0, NULL, "out of memory");
    gp_diag_add(&d, NULL, 0, 0, "units[1]", "a unit needs at least one group");
    gp_diag_add(&d, "plan.json", 7, 0, NULL, "line only");
    gp_diag_add(&d, "", 0, 0, "", "empty strings count as absent");
    cr_assert_eq(d.count, 5);
    cr_expect_str_eq(formatted(&d.items[0]), "plan.json: the file is empty");
    cr_expect_str_eq(formatted(&d.items[1]), "out of memory");
    cr_expect_str_eq(formatted(&d.items[2]), "units[1]: a unit needs at least one group");
    cr_expect_str_eq(formatted(&d.items[3]), "plan.json:7: line only");
    cr_expect_str_eq(formatted(&d.items[4]), "empty strings count as absent");
    gp_diag_free(&d);
}

Test(diag, strings_are_copied) {
    char file[] = "a.json", path[] = "x.y", word[] = "hello";
    gp_diag d;
    gp_diag_init(&d);
    gp_diag_add(&d, file, 1, 2, path, "%s", word);
    file[0] = path[0] = word[0] = 'Z';
    cr_expect_str_eq(formatted(&d.items[0]), "a.json:1:2: x.y: hello");
    gp_diag_free(&d);
}

Test(diag, format_truncates_and_reports_wanted_length) {
    gp_diag d;
    gp_diag_init(&d);
    gp_diag_add(&d, "plan.json", 3, 14, "units[0]", "abcdef");
    const char *full = "plan.json:3:14: units[0]: abcdef";
    char buf[10];
    memset(buf, 'Q', sizeof buf);
    size_t n = gp_diag_format(&d.items[0], buf, sizeof buf);
    cr_expect_eq(n, strlen(full));
    cr_expect_str_eq(buf, "plan.json");
    /* Size 0: nothing is written, the wanted length still comes back. */
    cr_expect_eq(gp_diag_format(&d.items[0], buf, 0), strlen(full));
    cr_expect_eq(buf[0], 'p');
    /* Exactly enough room. */
    char exact[64];
    cr_expect_eq(gp_diag_format(&d.items[0], exact, strlen(full) + 1), strlen(full));
    cr_expect_str_eq(exact, full);
    gp_diag_free(&d);
}

Test(diag, print_with_and_without_prefix) {
    gp_diag d;
    gp_diag_init(&d);
    gp_diag_add(&d, "plan.json", 2, 5, NULL, "first");
    gp_diag_add(&d, "plan.json", 0, 0, "units[0].id", "second");
    char *text = printed(&d, "gapplan: error: ");
    cr_expect_str_eq(text, "gapplan: error: plan.json:2:5: first\n"
                           "gapplan: error: plan.json: units[0].id: second\n");
    free(text);
    text = printed(&d, NULL);
    cr_expect_str_eq(text, "plan.json:2:5: first\nplan.json: units[0].id: second\n");
    free(text);
    gp_diag_free(&d);
}

Test(diag, print_long_message_in_full) {
    char big[3000];
    memset(big, 'm', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    gp_diag d;
    gp_diag_init(&d);
    gp_diag_add(&d, "p.json", 0, 0, NULL, "%s", big);
    char *text = printed(&d, NULL);
    cr_expect_eq(strlen(text), strlen("p.json: ") + strlen(big) + 1);
    cr_expect_eq(text[strlen(text) - 2], 'm');
    free(text);
    gp_diag_free(&d);
}

Test(diag, keeps_max_items_and_counts_the_rest) {
    gp_diag d;
    gp_diag_init(&d);
    for (int i = 0; i < GP_DIAG_MAX_ITEMS + 5; i++)
        cr_assert_eq(gp_diag_add(&d, "plan.json", i + 1, 1, NULL, "problem %d", i), GP_OK);
    cr_expect_eq(d.count, GP_DIAG_MAX_ITEMS);
    cr_expect_eq(d.dropped, 5);
    cr_expect_str_eq(d.items[GP_DIAG_MAX_ITEMS - 1].message, "problem 999");
    char *text = printed(&d, "e: ");
    const char *tail = "e: plan.json:1000:1: problem 999\ne: ... and 5 more problems\n";
    size_t n = strlen(text), m = strlen(tail);
    cr_assert_geq(n, m);
    cr_expect_str_eq(text + n - m, tail);
    free(text);
    gp_diag_free(&d);
}

Test(diag, one_dropped_is_singular) {
    gp_diag d;
    gp_diag_init(&d);
    for (int i = 0; i < GP_DIAG_MAX_ITEMS + 1; i++)
        gp_diag_add(&d, NULL, 0, 0, NULL, "p");
    char *text = printed(&d, NULL);
    const char *tail = "p\n... and 1 more problem\n";
    cr_expect_str_eq(text + strlen(text) - strlen(tail), tail);
    free(text);
    gp_diag_free(&d);
}

Test(diag, clear_keeps_it_usable) {
    gp_diag d;
    gp_diag_init(&d);
    for (int i = 0; i < GP_DIAG_MAX_ITEMS + 2; i++)
        gp_diag_add(&d, "f", 1, 1, "p", "m");
    gp_diag_clear(&d);
    cr_expect_eq(d.count, 0);
    cr_expect_eq(d.dropped, 0);
    gp_diag_add(&d, "g", 0, 0, NULL, "again");
    cr_assert_eq(d.count, 1);
    cr_expect_str_eq(formatted(&d.items[0]), "g: again");
    char *text = printed(&d, NULL);
    cr_expect_str_eq(text, "g: again\n");
    free(text);
    gp_diag_free(&d);
    cr_expect_eq(d.count, 0);
    cr_expect_null(d.items);
    gp_diag_free(&d); /* twice is harmless */
    gp_diag_free(NULL);
}

Test(diag, empty_prints_nothing) {
    gp_diag d;
    gp_diag_init(&d);
    char *text = printed(&d, "x: ");
    cr_expect_str_eq(text, "");
    free(text);
    gp_diag_free(&d);
}

Test(diag, strerror_names_every_code) {
    const gp_error codes[] = {GP_OK,           GP_ERR_NOMEM,  GP_ERR_IO,      GP_ERR_INVALID,
                              GP_ERR_NONFINITE, GP_ERR_PLUGIN, GP_ERR_ARGUMENT};
    size_t n = sizeof codes / sizeof codes[0];
    for (size_t i = 0; i < n; i++) {
        cr_assert_not_null(gp_strerror(codes[i]));
        cr_expect_gt(strlen(gp_strerror(codes[i])), 0);
        for (size_t j = 0; j < i; j++)
            cr_expect_str_neq(gp_strerror(codes[i]), gp_strerror(codes[j]));
    }
    cr_expect_str_eq(gp_strerror(GP_ERR_NOMEM), "out of memory");
    cr_expect_str_eq(gp_strerror((gp_error)999), "unknown error");
}

#ifdef GP_FAULT_INJECTION
/*
** Fail each allocation of an add in turn: the add reports GP_ERR_NOMEM, the
** items kept before are intact, the lost one is counted, and a later add works.
*/
Test(diag, out_of_memory_at_every_allocation) {
    /* Under valgrind its own allocator replaces ours: then there is nothing to inject. */
    void *(*volatile alloc)(size_t) = malloc; /* called through a pointer: the compiler may not drop it */
    fail_after = 0;
    injected = 0;
    void *probe = alloc(16);
    fail_after = -1;
    if (probe) {
        free(probe);
        cr_skip_test("malloc cannot be replaced here (valgrind?)");
    }
    for (long k = 0;; k++) {
        gp_diag d;
        gp_diag_init(&d);
        for (int i = 0; i < 8; i++) /* fills the first 8 slots: the next add must grow the array */
            cr_assert_eq(gp_diag_add(&d, "f", 1, 1, NULL, "kept %d", i), GP_OK);
        injected = 0;
        fail_after = k;
        gp_error err = gp_diag_add(&d, "plan.json", 2, 3, "units[0]", "new %s", "item");
        int failed = injected;
        fail_after = -1;
        if (!failed) {
            /* k exceeds the allocations an add makes: every failure point is covered. */
            cr_assert_eq(err, GP_OK);
            cr_assert_eq(d.count, 9);
            cr_expect_geq(k, 4);
            gp_diag_free(&d);
            break;
        }
        cr_expect_eq(err, GP_ERR_NOMEM, "allocation %ld failed", k);
        cr_expect_eq(d.count, 8);
        cr_expect_eq(d.dropped, 1);
        cr_expect_str_eq(formatted(&d.items[7]), "f:1:1: kept 7");
        cr_expect_eq(gp_diag_add(&d, NULL, 0, 0, NULL, "after"), GP_OK);
        cr_expect_eq(d.count, 9);
        cr_expect_str_eq(formatted(&d.items[8]), "after");
        gp_diag_free(&d);
    }
}
#endif
