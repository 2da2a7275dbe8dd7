/* SPDX-License-Identifier: Apache-2.0 */
/*
 * runc prints its list through Go's text/tabwriter (min width 12, padding 3,
 * spaces): every column but the last is as wide as its widest cell plus 3, and
 * at least 12. Widths count characters (UTF-8 code points), not bytes.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

#define COLUMNS   6
#define MIN_WIDTH 12
#define PADDING   3

static size_t text_width(const char *s)
{
        size_t n = 0;

        for (; *s; s++)
                if (((unsigned char)*s & 0xC0) != 0x80)
                        n++;
        return n;
}

static void row_cells(const struct container_summary *c, char *pid, size_t pid_size,
                      const char *cells[COLUMNS])
{
        snprintf(pid, pid_size, "%d", (int)c->pid);
        cells[0] = c->id ? c->id : "";
        cells[1] = pid;
        cells[2] = c->status ? c->status : "";
        cells[3] = c->bundle ? c->bundle : "";
        cells[4] = c->created ? c->created : "";
        cells[5] = c->owner ? c->owner : "";
}

static void print_row(FILE *out, const char *const cells[COLUMNS], const size_t width[COLUMNS])
{
        for (int c = 0; c < COLUMNS - 1; c++)
                fprintf(out, "%s%*s", cells[c], (int)(width[c] - text_width(cells[c])), "");
        fprintf(out, "%s\n", cells[COLUMNS - 1]);
}

void cli_list_table(FILE *out, const struct container_summary *list, size_t n)
{
        static const char *const header[COLUMNS] = {"ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"};
        const char *cells[COLUMNS];
        size_t width[COLUMNS];
        char pid[24];

        for (int c = 0; c < COLUMNS; c++)
                width[c] = text_width(header[c]) + PADDING;
        for (size_t i = 0; i < n; i++) {
                row_cells(&list[i], pid, sizeof(pid), cells);
                for (int c = 0; c < COLUMNS; c++)
                        if (text_width(cells[c]) + PADDING > width[c])
                                width[c] = text_width(cells[c]) + PADDING;
        }
        for (int c = 0; c < COLUMNS; c++)
                if (width[c] < MIN_WIDTH)
                        width[c] = MIN_WIDTH;

        print_row(out, header, width);
        for (size_t i = 0; i < n; i++) {
                row_cells(&list[i], pid, sizeof(pid), cells);
                print_row(out, cells, width);
        }
}
