/*
** tests/test_json_strict.c: the strict JSON reader (core/json_strict.c):
** every kind of bad document with the exact line, column and message it must
** give; problems that let the scan go on are all reported; good documents
** become the right cJSON tree.
*/
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "json_strict.h"

static gp_diag diag;
static cJSON *root;

static void setup(void) {
    gp_diag_init(&diag);
    root = NULL;
}
static void teardown(void) {
    cJSON_Delete(root);
    gp_diag_free(&diag);
}

TestSuite(bad, .init = setup, .fini = teardown);
TestSuite(good, .init = setup, .fini = teardown);
TestSuite(several, .init = setup, .fini = teardown);

/* Parse len bytes from a copy with no NUL after it, so reading past the end shows under valgrind/ASan. */
static gp_error parse_n(const char *text, size_t len) {
    char *copy = malloc(len ? len : 1);
    cr_assert_not_null(copy);
    memcpy(copy, text, len);
    gp_error err = gp_json_parse_strict(copy, len, "plan.json", &root, &diag);
    free(copy);
    return err;
}

static gp_error parse(const char *text) {
    return parse_n(text, strlen(text));
}

/* The first problem, as the user sees it. */
static const char *first(void) {
    static char buf[2048];
    cr_assert_gt(diag.count, 0, "no problem was reported");
    gp_diag_format(&diag.items[0], buf, sizeof buf);
    return buf;
}

typedef struct bad_doc {
    const char *name;
    const char *text;
    size_t len; /* 0: strlen(text) */
    int line, column;
    const char *path; /* NULL: none */
    const char *message;
} bad_doc;

#define CURLY_OPEN "\xE2\x80\x9C"
#define CURLY_CLOSE "\xE2\x80\x9D"

static const bad_doc bad_docs[] = {
    {"missing comma", "{\"a\": 1 \"b\": 2}", 0, 1, 9, "a",
     "expected ',' or '}' after an object member, found '\"' (is a comma missing?)"},
    {"stray letter", "{\"a\": 1 x}", 0, 1, 9, "a", "expected ',' or '}' after an object member, found 'x'"},
    {"trailing comma in object", "{\"a\": 1,}", 0, 1, 8, "a", "a comma before '}' is not allowed"},
    {"trailing comma in array", "[1, 2,]", 0, 1, 6, "[1]", "a comma before ']' is not allowed"},
    {"missing colon", "{\"a\" 1}", 0, 1, 6, "a", "expected ':' after the key, found '1'"},
    {"unquoted key", "{a: 1}", 0, 1, 2, NULL, "expected a key in double quotes, found 'a'"},
    {"single quotes", "{'a': 1}", 0, 1, 2, NULL, "found \"'\" (JSON strings and keys need double quotes \")"},
    {"curly quotes", "{" CURLY_OPEN "a" CURLY_CLOSE ": 1}", 0, 1, 2, NULL,
     "found '" CURLY_OPEN "' (curly quotes are not JSON quotes: use \")"},
    {"missing comma in array", "[1 2]", 0, 1, 4, "[0]",
     "expected ',' or ']' after an array element, found '2' (is a comma missing?)"},
    {"leading zero", "{\"a\": 01}", 0, 1, 7, "a", "a number cannot start with 0 followed by more digits"},
    {"leading plus", "{\"a\": +1}", 0, 1, 7, "a", "a number cannot start with '+'"},
    {"leading point", "{\"a\": .5}", 0, 1, 7, "a", "a number cannot start with '.' (write 0.5, not .5)"},
    {"trailing point", "{\"a\": 5.}", 0, 1, 9, "a", "expected a digit after the decimal point, found '}'"},
    {"hexadecimal", "{\"a\": 0x1F}", 0, 1, 7, "a", "hexadecimal numbers are not JSON"},
    {"empty exponent", "{\"a\": 1e}", 0, 1, 9, "a", "expected a digit in the exponent, found '}'"},
    {"signed empty exponent", "[1e+]", 0, 1, 5, "[0]", "expected a digit in the exponent, found ']'"},
    {"lone minus", "{\"a\": -}", 0, 1, 8, "a", "expected a digit after '-', found '}'"},
    {"NaN", "{\"a\": NaN}", 0, 1, 7, "a", "NaN is not a JSON value"},
    {"nan", "[nan]", 0, 1, 2, "[0]", "NaN is not a JSON value"},
    {"Infinity", "{\"a\": Infinity}", 0, 1, 7, "a", "Infinity is not a JSON value"},
    {"-Infinity", "{\"a\": -Infinity}", 0, 1, 7, "a", "-Infinity is not a JSON value"},
    {"capital True", "{\"a\": True}", 0, 1, 7, "a", "write true in lower case, not True"},
    {"NULL", "[NULL]", 0, 1, 2, "[0]", "write null in lower case, not NULL"},
    {"misspelt literal", "[fals]", 0, 1, 2, "[0]", "expected a value, found 'fals'"},
    {"bare word", "{\"a\": undefined}", 0, 1, 7, "a", "expected a value, found 'undefined' (text must be in double quotes)"},
    {"missing value", "{\"a\": }", 0, 1, 7, "a", "expected a value, found '}'"},
    {"leading comma", "[,1]", 0, 1, 2, "[0]", "expected a value, found ','"},
    {"trailing data", "{} x", 0, 1, 4, NULL, "trailing data after the JSON document, found 'x'"},
    {"two documents", "{}\n{}", 0, 2, 1, NULL, "trailing data after the JSON document, found '{'"},
    {"comment", "// plan\n{}", 0, 1, 1, NULL, "found '/' (comments are not allowed in JSON)"},
    {"nested trailing comma", "{\n  \"units\": [\n    {\"id\": \"a\",}\n  ]\n}", 0, 3, 15, "units[0].id",
     "a comma before '}' is not allowed"},
    {"CRLF lines", "{\r\n\"a\": 1,\r\n}", 0, 2, 7, "a", "a comma before '}' is not allowed"},
    {"column counts characters", "{\"\xC3\xA9t\xC3\xA9\": 1 x}", 0, 1, 11, "[\"\xC3\xA9t\xC3\xA9\"]",
     "found 'x'"},
    {"column after a BOM", "\xEF\xBB\xBF{\"a\" 1}", 0, 1, 6, "a", "expected ':' after the key"},
    {"odd key in path", "{\"2022/23\": {\"x\\\"y\": [1, 2, tru]}}", 0, 1, 29, "[\"2022/23\"][\"x\\\"y\"][2]",
     "expected a value, found 'tru'"},
    {"truncated in an object", "{\"a\": 1", 0, 1, 8, "a",
     "unexpected end of file: the document is truncated (an object opened at line 1 is not closed)"},
    {"truncated in an array", "{\n  \"a\": [1, 2", 0, 2, 13, "a[1]",
     "unexpected end of file: the document is truncated (an array opened at line 2 is not closed)"},
    {"truncated after a key", "{\"a\"", 0, 1, 5, "a", "the document is truncated (an object opened at line 1"},
    {"truncated in a string", "{\"a\": \"abc", 0, 1, 11, "a",
     "unexpected end of file inside a string (it starts at column 7): the document is truncated"},
    {"truncated in a key", "{\"ab", 0, 1, 5, NULL, "unexpected end of file inside a string"},
    {"truncated in an escape", "[\"ab\\", 0, 1, 6, "[0]", "unexpected end of file inside a string"},
    {"truncated literal", "[tru", 0, 1, 5, "[0]", "the document is truncated (an array opened at line 1"},
    {"truncated at the top", "nul", 0, 1, 4, NULL, "unexpected end of file: the document is truncated"},
    {"truncated number", "-", 0, 1, 2, NULL, "unexpected end of file: the document is truncated"},
    {"newline in a string", "{\"a\": \"ab\ncd\"}", 0, 1, 10, "a", "a string is not closed before the end of the line"},
    {"NUL byte outside", "{\"a\": 1\0}", 9, 1, 8, "a", "NUL byte in the file"},
    {"NUL byte in a string", "[\"a\0b\"]", 7, 1, 4, "[0]", "NUL byte in the file"},
    {"escaped NUL", "[\"a\\u0000b\"]", 0, 1, 4, "[0]", "\"\\u0000\" is not allowed in a string"},
    {"lone high surrogate", "[\"\\ud800\"]", 0, 1, 3, "[0]", "unpaired surrogate escape \\ud800"},
    {"lone low surrogate", "[\"x\\uDC00\"]", 0, 1, 4, "[0]", "unpaired surrogate escape \\uDC00"},
    {"high then not low", "[\"\\ud800\\u0041\"]", 0, 1, 3, "[0]", "unpaired surrogate escape \\ud800"},
    {"bad escape", "[\"\\x\"]", 0, 1, 3, "[0]", "invalid escape \\x in a string"},
    {"short unicode escape", "[\"\\u12\"]", 0, 1, 3, "[0]", "\\u must be followed by four hexadecimal digits"},
    {"control character", "[\"a\tb\"]", 0, 1, 4, "[0]", "control character 0x09 in a string"},
    {"Latin-1 in a string", "[\"caf\xE9\"]", 0, 1, 6, "[0]", "invalid UTF-8 byte 0xe9 in a string"},
    {"overlong in a string", "[\"\xC0\x80\"]", 0, 1, 3, "[0]", "invalid UTF-8 byte 0xc0 in a string"},
    {"surrogate in a string", "[\"\xED\xA0\x80\"]", 0, 1, 3, "[0]", "invalid UTF-8 byte 0xed in a string"},
    {"past U+10FFFF in a string", "[\"\xF4\x90\x80\x80\"]", 0, 1, 3, "[0]", "invalid UTF-8 byte 0xf4"},
    {"cut character in a string", "[\"ab\xE2\x82\"]", 0, 1, 5, "[0]", "invalid UTF-8 byte 0xe2 in a string"},
    {"invalid UTF-8 outside", "[1, \xFF]", 0, 1, 5, "[1]", "invalid UTF-8 byte 0xff: the file is not UTF-8 text"},
    {"overflow", "{\"a\": 1e400}", 0, 1, 7, "a", "number 1e400 is too large for a double"},
    {"negative overflow", "{\"a\": -1e400}", 0, 1, 7, "a", "number -1e400 is too large for a double"},
    {"just past the largest double", "[1.8e308]", 0, 1, 2, "[0]", "number 1.8e308 is too large for a double"},
    {"overflow by digits", "[1000000000000000000000000000000000000000e300]", 0, 1, 2, "[0]", "is too large for a double"},
    {"huge exponent", "[1e99999999999999999999]", 0, 1, 2, "[0]", "is too large for a double"},
    {"too many digits", "[0.1234567890123456789012345678901234567890123456789012345678901234]", 0, 1, 2, "[0]",
     "number 0.123456789012345678... has 66 characters, more than the 63 this program reads"},
    {"duplicate key", "{\n  \"leaver_rate\": 0.1,\n  \"x\": 1,\n  \"leaver_rate\": 0.2\n}", 0, 4, 3, "leaver_rate",
     "duplicate key \"leaver_rate\" (first at line 2)"},
    {"duplicate key, nested", "{\"units\": [{\"groups\": [{\"id\": \"a\",\n \"id\": \"b\"}]}]}", 0, 2, 2,
     "units[0].groups[0].id", "duplicate key \"id\" (first at line 1)"},
    {"duplicate written with an escape", "{\"a\": 1, \"\\u0061\": 2}", 0, 1, 10, "a", "duplicate key \"a\""},
    {"duplicate odd key", "{\"x\\\"y\": 1, \"x\\\"y\": 2}", 0, 1, 13, "[\"x\\\"y\"]", "duplicate key \"x\\\"y\""},
};

Test(bad, table) {
    for (size_t i = 0; i < sizeof bad_docs / sizeof bad_docs[0]; i++) {
        const bad_doc *b = &bad_docs[i];
        gp_diag_clear(&diag);
        size_t len = b->len ? b->len : strlen(b->text);
        gp_error err = parse_n(b->text, len);
        cr_expect_eq(err, GP_ERR_INVALID, "%s: error %d", b->name, err);
        cr_expect_null(root, "%s: no tree on failure", b->name);
        if (diag.count == 0) {
            cr_expect_fail("%s: no problem reported", b->name);
            continue;
        }
        char *all = gp_diag_text(&diag);
        const gp_diag_item *it = &diag.items[0];
        cr_expect_eq(diag.count, 1, "%s: one problem expected, got:\n%s", b->name, all);
        cr_expect_str_eq(it->file, "plan.json", "%s", b->name);
        cr_expect(it->line == b->line && it->column == b->column, "%s: at %d:%d, want %d:%d (%s)", b->name, it->line,
                  it->column, b->line, b->column, all);
        if (b->path)
            cr_expect(it->path && strcmp(it->path, b->path) == 0, "%s: path %s, want %s", b->name,
                      it->path ? it->path : "(none)", b->path);
        else
            cr_expect_null(it->path, "%s: path %s, want none", b->name, it->path);
        cr_expect(strstr(it->message, b->message) != NULL, "%s: message \"%s\" lacks \"%s\"", b->name, it->message,
                  b->message);
        free(all);
        cJSON_Delete(root);
        root = NULL;
    }
}

Test(bad, formatted_as_the_user_sees_it) {
    cr_assert_eq(parse("{\n  \"a\": 1\n  \"b\": 2\n}"), GP_ERR_INVALID);
    cr_expect_str_eq(first(),
                     "plan.json:3:3: a: expected ',' or '}' after an object member, found '\"' (is a comma missing?)");
    gp_diag_clear(&diag);
    cr_assert_eq(parse("{\"units\": [{\"id\": \"a\", \"id\": \"b\"}]}"), GP_ERR_INVALID);
    cr_expect_str_eq(first(), "plan.json:1:24: units[0].id: duplicate key \"id\" (first at line 1)");
}

Test(bad, empty_and_whitespace) {
    static const char *const empties[] = {"", " ", "\n\n\t \r\n", "\xEF\xBB\xBF", "\xEF\xBB\xBF  \n"};
    for (size_t i = 0; i < sizeof empties / sizeof empties[0]; i++) {
        gp_diag_clear(&diag);
        cr_expect_eq(parse(empties[i]), GP_ERR_INVALID);
        cr_expect_str_eq(first(), "plan.json: the file is empty");
        cr_expect_null(root);
    }
    gp_diag_clear(&diag);
    cr_expect_eq(gp_json_parse_strict(NULL, 0, "plan.json", &root, &diag), GP_ERR_INVALID);
    cr_expect_str_eq(first(), "plan.json: the file is empty");
}

Test(bad, utf16_and_utf32) {
    static const struct {
        const char *bytes;
        size_t len;
        const char *message;
    } wide[] = {
        {"\xFF\xFE{\0}\0", 6, "plan.json: the file is UTF-16 text: save it as UTF-8"},  /* LE with a BOM */
        {"\xFE\xFF\0{\0}", 6, "plan.json: the file is UTF-16 text: save it as UTF-8"},  /* BE with a BOM */
        {"{\0\"\0a\0\"\0", 8, "plan.json: the file is UTF-16 text: save it as UTF-8"}, /* LE, no BOM */
        {"\0{\0}", 4, "plan.json: the file is UTF-16 text: save it as UTF-8"},            /* BE, no BOM */
        {"\xFF\xFE\0\0{\0\0\0", 8, "plan.json: the file is UTF-32 text: save it as UTF-8"},
        {"{\0\0\0}\0\0\0", 8, "plan.json: the file is UTF-32 text: save it as UTF-8"},
        {"\0\0\0{", 4, "plan.json: the file is UTF-32 text: save it as UTF-8"},
    };
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++) {
        gp_diag_clear(&diag);
        cr_expect_eq(parse_n(wide[i].bytes, wide[i].len), GP_ERR_INVALID, "case %zu", i);
        cr_expect_eq(diag.count, 1);
        cr_expect_str_eq(first(), wide[i].message, "case %zu", i);
    }
}

Test(bad, too_large) {
    /* The size is checked before a byte is read, so a short buffer can stand in for a huge one. */
    cr_expect_eq(gp_json_parse_strict("{}", (size_t)GP_JSON_MAX_BYTES + 1, "plan.json", &root, &diag),
                 GP_ERR_INVALID);
    cr_expect_str_eq(first(), "plan.json: the file is larger than 512 MB, the most a plan may be");
}

Test(bad, arguments) {
    cr_expect_eq(gp_json_parse_strict(NULL, 3, "plan.json", &root, &diag), GP_ERR_ARGUMENT);
    cr_expect_eq(gp_json_parse_strict("{}", 2, "plan.json", NULL, &diag), GP_ERR_ARGUMENT);
    cr_expect_eq(gp_json_parse_strict("{}", 2, "plan.json", &root, NULL), GP_ERR_ARGUMENT);
}

/* depth copies of `open`, a value, then the closers. */
static char *nested(size_t depth, const char *open, const char *value, char close, size_t *len) {
    size_t no = strlen(open), nv = strlen(value);
    char *text = malloc(depth * (no + 1) + nv + 1);
    size_t n = 0;
    for (size_t i = 0; i < depth; i++, n += no)
        memcpy(text + n, open, no);
    memcpy(text + n, value, nv);
    n += nv;
    memset(text + n, close, depth);
    n += depth;
    *len = n;
    return text;
}

Test(bad, ten_thousand_deep) {
    size_t len;
    char *text = nested(10000, "[", "1", ']', &len);
    cr_assert_eq(parse_n(text, len), GP_ERR_INVALID);
    free(text);
    cr_expect_eq(diag.count, 1);
    cr_expect_eq(diag.items[0].line, 1);
    cr_expect_eq(diag.items[0].column, 65);
    cr_expect(strstr(diag.items[0].message, "nesting deeper than 64 levels"), "%s", diag.items[0].message);

    gp_diag_clear(&diag);
    text = nested(10000, "{\"a\": ", "1", '}', &len);
    cr_assert_eq(parse_n(text, len), GP_ERR_INVALID);
    free(text);
    cr_expect_eq(diag.count, 1);
    cr_expect_eq(diag.items[0].column, 64 * 6 + 1);
    cr_expect_str_eq(diag.items[0].message, "nesting deeper than 64 levels");
}

Test(good, sixty_four_deep) {
    size_t len;
    char *text = nested(GP_JSON_MAX_DEPTH, "[", "7", ']', &len);
    cr_assert_eq(parse_n(text, len), GP_OK, "%s", diag.count ? first() : "");
    free(text);
    cJSON *j = root;
    for (int i = 0; i < GP_JSON_MAX_DEPTH; i++) {
        cr_assert(cJSON_IsArray(j));
        j = j->child;
    }
    cr_expect(cJSON_IsNumber(j) && j->valuedouble == 7);
}

Test(good, values_become_the_right_tree) {
    const char *text = "{\"a\": [1, 2.5, -3e2, 0, -0, 1E+2, 0.0001, true, false, null],\n"
                       " \"s\": \"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t \xE2\x82\xAC\",\n"
                       " \"o\": {}, \"e\": [], \"Leaver_rate\": 1, \"leaver_rate\": 2}";
    cr_assert_eq(parse(text), GP_OK, "%s", diag.count ? first() : "");
    cr_expect_eq(diag.count, 0);
    cJSON *a = cJSON_GetObjectItemCaseSensitive(root, "a");
    cr_assert(cJSON_IsArray(a));
    cr_assert_eq(cJSON_GetArraySize(a), 10);
    static const double nums[] = {1, 2.5, -300, 0, 0, 100, 0.0001};
    for (int i = 0; i < 7; i++)
        cr_expect_eq(cJSON_GetArrayItem(a, i)->valuedouble, nums[i], "a[%d]", i);
    cr_expect(cJSON_IsTrue(cJSON_GetArrayItem(a, 7)));
    cr_expect(cJSON_IsFalse(cJSON_GetArrayItem(a, 8)));
    cr_expect(cJSON_IsNull(cJSON_GetArrayItem(a, 9)));
    cJSON *s = cJSON_GetObjectItemCaseSensitive(root, "s");
    cr_assert(cJSON_IsString(s));
    cr_expect_str_eq(s->valuestring, "caf\xC3\xA9 \xF0\x9F\x98\x80 \"q\" \\ / \b\f\n\r\t \xE2\x82\xAC");
    cr_expect(cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(root, "o")));
    cr_expect(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(root, "e")));
    /* Keys that differ in case are different keys. */
    cr_expect_eq(cJSON_GetObjectItemCaseSensitive(root, "Leaver_rate")->valuedouble, 1);
    cr_expect_eq(cJSON_GetObjectItemCaseSensitive(root, "leaver_rate")->valuedouble, 2);
}

Test(good, scalars_at_the_top) {
    cr_assert_eq(parse(" 42 \n"), GP_OK);
    cr_expect(cJSON_IsNumber(root) && root->valuedouble == 42);
    cJSON_Delete(root);
    root = NULL;
    cr_assert_eq(parse("\"x\""), GP_OK);
    cr_expect_str_eq(root->valuestring, "x");
}

Test(good, underflow_is_accepted) {
    cr_assert_eq(parse("[1e-400, -1e-400, 4.9e-324, 1.7976931348623157e308, -1.7976931348623157e308, 0e99999]"),
                 GP_OK, "%s", diag.count ? first() : "");
    cr_expect_eq(cJSON_GetArrayItem(root, 0)->valuedouble, 0);
    cr_expect_eq(cJSON_GetArrayItem(root, 1)->valuedouble, 0);
    cr_expect_gt(cJSON_GetArrayItem(root, 2)->valuedouble, 0);
    cr_expect_eq(cJSON_GetArrayItem(root, 3)->valuedouble, 1.7976931348623157e308);
    cr_expect_eq(cJSON_GetArrayItem(root, 4)->valuedouble, -1.7976931348623157e308);
    cr_expect_eq(cJSON_GetArrayItem(root, 5)->valuedouble, 0);
}

Test(good, bom_is_skipped) {
    cr_assert_eq(parse("\xEF\xBB\xBF{\"a\": 1}"), GP_OK);
    cr_expect_eq(cJSON_GetObjectItemCaseSensitive(root, "a")->valuedouble, 1);
}

Test(good, same_key_in_different_objects) {
    cr_assert_eq(parse("{\"a\": {\"a\": {\"b\": 1}, \"b\": 2}, \"b\": [{\"a\": 1}, {\"a\": 2}], \"c\": {\"b\": 3}}"),
                 GP_OK, "%s", diag.count ? first() : "");
}

/* A big object: the duplicate check must not be quadratic, and must still find a late duplicate. */
Test(good, hundred_thousand_keys, .timeout = 20) {
    size_t n = 100000, cap = n * 24 + 64, len = 0;
    char *text = malloc(cap);
    text[len++] = '{';
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(text + len, cap - len, "%s\"key%zu\": %zu", i ? ", " : "", i, i);
    text[len++] = '}';
    cr_assert_eq(parse_n(text, len), GP_OK, "%s", diag.count ? first() : "");
    cr_expect_eq(cJSON_GetArraySize(root), (int)n);
    cJSON_Delete(root);
    root = NULL;
    /* The same with the first key repeated at the end. */
    len--;
    len += (size_t)snprintf(text + len, cap - len, ", \"key0\": 1}");
    cr_expect_eq(parse_n(text, len), GP_ERR_INVALID);
    cr_expect_eq(diag.count, 1);
    cr_expect(gp_diag_has(&diag, "key0: duplicate key \"key0\" (first at line 1)"), "%s", first());
    free(text);
}

/* A plan-shaped document of several MB: every value arrives. */
Test(good, large_generated_document, .timeout = 60) {
    size_t units = 300, groups = 8, months = 120;
    size_t cap = units * groups * (months * 24 + 400) + 1024, len = 0;
    char *text = malloc(cap);
    len += (size_t)snprintf(text + len, cap - len, "{\"gapplan\": 1, \"units\": [\n");
    for (size_t u = 0; u < units; u++) {
        len += (size_t)snprintf(text + len, cap - len, "%s  {\"id\": \"u%zu\", \"groups\": [\n", u ? ",\n" : "", u);
        for (size_t g = 0; g < groups; g++) {
            len += (size_t)snprintf(text + len, cap - len,
                                    "%s    {\"id\": \"g%zu\", \"leaver_rate\": 0.1%zu, \"name\": \"Gr\xC3\xBCppe\", "
                                    "\"fill_rate\": {",
                                    g ? ",\n" : "", g, g);
            for (size_t m = 0; m < months; m++)
                len += (size_t)snprintf(text + len, cap - len, "%s\"%04zu-%02zu\": %zu.5e-3", m ? ", " : "",
                                        2022 + (m + 3) / 12, (m + 3) % 12 + 1, m);
            len += (size_t)snprintf(text + len, cap - len, "}}");
        }
        len += (size_t)snprintf(text + len, cap - len, "]}");
    }
    len += (size_t)snprintf(text + len, cap - len, "\n]}\n");
    cr_assert_lt(len, cap);
    cr_assert_eq(parse_n(text, len), GP_OK, "%s", diag.count ? first() : "");
    free(text);
    cJSON *us = cJSON_GetObjectItemCaseSensitive(root, "units");
    cr_assert_eq(cJSON_GetArraySize(us), (int)units);
    cJSON *g = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(us, 299), "groups"), 7);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(g, "id")->valuestring, "g7");
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(g, "name")->valuestring, "Gr\xC3\xBCppe");
    cJSON *fill = cJSON_GetObjectItemCaseSensitive(g, "fill_rate");
    cr_expect_eq(cJSON_GetArraySize(fill), (int)months);
    cr_expect_eq(cJSON_GetObjectItemCaseSensitive(fill, "2032-03")->valuedouble, 119.5e-3);
}

/* Problems that leave the structure readable are all reported, in order; a syntax error ends the list. */
Test(several, reported_until_a_syntax_error) {
    const char *text = "{\"a\": 1e400,\n"
                       " \"b\": \"x\\u0000\",\n"
                       " \"a\": 2,\n"
                       " \"c\": \"caf\xE9 d\xE9j\xE0\",\n"
                       " \"d\": [\"\\ud800\", \"\\q\"],\n"
                       " \"e\" 5,\n"
                       " \"a\": 3}";
    cr_assert_eq(parse(text), GP_ERR_INVALID);
    static const char *const want[] = {
        "plan.json:1:7: a: number 1e400 is too large for a double",
        "plan.json:2:9: b: \"\\u0000\" is not allowed in a string",
        "plan.json:3:2: a: duplicate key \"a\" (first at line 1)",
        "plan.json:4:11: c: invalid UTF-8 byte 0xe9 in a string: save the file as UTF-8",
        "plan.json:5:9: d[0]: unpaired surrogate escape \\ud800",
        "plan.json:5:19: d[1]: invalid escape \\q in a string (write \\\\ for a backslash)",
        "plan.json:6:6: e: expected ':' after the key, found '5'",
    };
    char *all = gp_diag_text(&diag);
    cr_assert_eq(diag.count, sizeof want / sizeof want[0], "got:\n%s", all);
    char buf[512];
    for (size_t i = 0; i < diag.count; i++) {
        gp_diag_format(&diag.items[i], buf, sizeof buf);
        cr_expect_str_eq(buf, want[i]);
    }
    free(all);
    cr_expect_null(root);
}

Test(several, one_report_for_each_duplicate) {
    cr_assert_eq(parse("{\"a\": 1, \"b\": 2, \"a\": 3, \"b\": 4, \"a\": 5}"), GP_ERR_INVALID);
    cr_assert_eq(diag.count, 3);
    cr_expect_eq(diag.items[0].column, 18);
    cr_expect_eq(diag.items[1].column, 26);
    cr_expect_eq(diag.items[2].column, 34);
    cr_expect_str_eq(diag.items[2].message, "duplicate key \"a\" (first at line 1)");
}

Test(several, capped_at_the_diag_limit) {
    /* 1,500 overflowing numbers: 1,000 kept, the rest counted. */
    size_t n = 1500, cap = n * 8 + 8, len = 0;
    char *text = malloc(cap);
    text[len++] = '[';
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(text + len, cap - len, "%s1e999", i ? "," : "");
    text[len++] = ']';
    cr_assert_eq(parse_n(text, len), GP_ERR_INVALID);
    free(text);
    cr_expect_eq(diag.count, GP_DIAG_MAX_ITEMS);
    cr_expect_eq(diag.dropped, n - GP_DIAG_MAX_ITEMS);
    cr_expect_str_eq(diag.items[999].path, "[999]");
    cr_expect_eq(diag.items[999].column, 2 + 999 * 6);
}
