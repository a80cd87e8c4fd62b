/*
** cli/examples.h: the example plans compiled into the command for
** `gapplan init`. The table is generated from the JSON files in examples/ by
** cmake/embed.cmake; it ends with an entry whose name is NULL.
*/
#ifndef GP_CLI_EXAMPLES_H
#define GP_CLI_EXAMPLES_H

#include <stddef.h>

typedef struct gp_embedded_example {
    const char *name; /* the file name without .json: "england-2022" */
    const char *data; /* the file's bytes (followed by a NUL not counted in len) */
    size_t len;
} gp_embedded_example;

extern const gp_embedded_example gp_embedded_examples[];

#endif
