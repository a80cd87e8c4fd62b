/*
** tests/test_sha256.c: SHA-256 against the FIPS 180-4 example vectors (NIST
** CSRC "SHA256.pdf" and the long-message test), and file hashing.
*/
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gapplan/hash.h"
#include "helpers.h"

static void expect_hash(const void *data, size_t len, const char *want) {
    char hex[GP_SHA256_HEX_SIZE];
    gp_sha256_buffer(data, len, hex);
    cr_expect_str_eq(hex, want);
}

Test(sha256, empty_message) {
    expect_hash("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect_hash(NULL, 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

Test(sha256, abc) {
    expect_hash("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

Test(sha256, two_block_448_bit_message) {
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    cr_assert_eq(strlen(m), 56u);
    expect_hash(m, 56, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

Test(sha256, million_a) {
    size_t n = 1000000;
    char *m = malloc(n);
    memset(m, 'a', n);
    expect_hash(m, n, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(m);
}

/* Lengths around the 55/56/64-byte padding edges, checked against Python's hashlib. */
Test(sha256, padding_edges) {
    char m[129];
    memset(m, 'x', sizeof m);
    expect_hash(m, 55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072");
    expect_hash(m, 56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e");
    expect_hash(m, 64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c");
}

Test(sha256, file_matches_buffer) {
    char *dir = gp_temp_dir();
    char *path = gp_write_file(dir, "plan.json", "{\"gapplan\": 1}\n");
    char a[GP_SHA256_HEX_SIZE], b[GP_SHA256_HEX_SIZE];
    cr_assert_eq(gp_sha256_file(path, a), GP_OK);
    gp_sha256_buffer("{\"gapplan\": 1}\n", 15, b);
    cr_expect_str_eq(a, b);
    free(path);
    gp_rm_rf(dir);
    free(dir);
}

Test(sha256, missing_file_is_an_io_error) {
    char hex[GP_SHA256_HEX_SIZE] = "junk";
    errno = 0;
    cr_expect_eq(gp_sha256_file("/nonexistent/gapplan/plan.json", hex), GP_ERR_IO);
    cr_expect_eq(errno, ENOENT);
    cr_expect_str_eq(hex, "");
}

Test(sha256, directory_is_an_io_error) {
    char hex[GP_SHA256_HEX_SIZE];
    cr_expect_eq(gp_sha256_file("/tmp", hex), GP_ERR_IO);
}
