/* SPDX-License-Identifier: Apache-2.0 */
/* The command table: the order is the order of the help's COMMANDS list. */
#include <string.h>

#include "cli/cli.h"

const struct command *const cli_commands[] = {
    &cmd_cdi,      &cmd_checkpoint, &cmd_create, &cmd_delete, &cmd_events, &cmd_exec,
    &cmd_features, &cmd_kill,       &cmd_list,   &cmd_pause,  &cmd_ps,     &cmd_restore,
    &cmd_resume,   &cmd_run,        &cmd_spec,   &cmd_start,  &cmd_state,  &cmd_update,
};

const size_t cli_n_commands = sizeof(cli_commands) / sizeof(cli_commands[0]);

const struct command *cli_find_command(const char *name)
{
        for (size_t i = 0; i < cli_n_commands; i++)
                if (!strcmp(cli_commands[i]->name, name))
                        return cli_commands[i];
        return NULL;
}
