/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>

#include "parse.h"
#include "util/cleanup.h"

void kv_free(struct kv *kv, size_t n)
{
        if (!kv)
                return;
        for (size_t i = 0; i < n; i++) {
                free(kv[i].key);
                free(kv[i].value);
        }
        free(kv);
}

void spec_cpu_list_free(struct spec_cpu_list *l)
{
        if (l)
                free(l->text);
        free(l);
}

void spec_process_free(struct spec_process *p)
{
        if (!p)
                return;
        strv_free(p->args);
        strv_free(p->env);
        free(p->command_line);
        free(p->cwd);
        free(p->console_size);
        free(p->user.additional_gids);
        free(p->user.username);
        free(p->capabilities);
        free(p->rlimits);
        free(p->apparmor_profile);
        free(p->scheduler);
        free(p->selinux_label);
        free(p->io_priority);
        if (p->exec_cpu_affinity) {
                spec_cpu_list_free(p->exec_cpu_affinity->initial);
                spec_cpu_list_free(p->exec_cpu_affinity->final);
                free(p->exec_cpu_affinity);
        }
        free(p);
}

void spec_seccomp_free(struct spec_seccomp *s)
{
        if (!s)
                return;
        strv_free(s->architectures);
        strv_free(s->flags);
        free(s->listener_path);
        free(s->listener_metadata);
        for (size_t i = 0; s->syscalls && i < s->n_syscalls; i++) {
                strv_free(s->syscalls[i].names);
                free(s->syscalls[i].args);
        }
        free(s->syscalls);
        free(s);
}

void spec_resources_free(struct spec_resources *r)
{
        if (!r)
                return;
        for (size_t i = 0; r->devices && i < r->n_devices; i++)
                free(r->devices[i].access);
        free(r->devices);
        free(r->memory);
        if (r->cpu) {
                free(r->cpu->cpus);
                free(r->cpu->mems);
                free(r->cpu);
        }
        if (r->block_io) {
                free(r->block_io->weight_device);
                free(r->block_io->throttle_read_bps);
                free(r->block_io->throttle_write_bps);
                free(r->block_io->throttle_read_iops);
                free(r->block_io->throttle_write_iops);
                free(r->block_io);
        }
        for (size_t i = 0; r->hugepage_limits && i < r->n_hugepage_limits; i++)
                free(r->hugepage_limits[i].page_size);
        free(r->hugepage_limits);
        if (r->network) {
                for (size_t i = 0; r->network->priorities && i < r->network->n_priorities; i++)
                        free(r->network->priorities[i].name);
                free(r->network->priorities);
                free(r->network);
        }
        for (size_t i = 0; r->rdma && i < r->n_rdma; i++)
                free(r->rdma[i].device);
        free(r->rdma);
        kv_free(r->unified, r->n_unified);
        free(r);
}

void spec_linux_free(struct spec_linux *l)
{
        if (!l)
                return;
        for (int t = 0; t < NS__COUNT; t++)
                free(l->namespaces[t].path);
        free(l->uid_mappings);
        free(l->gid_mappings);
        for (size_t i = 0; l->devices && i < l->n_devices; i++)
                free(l->devices[i].path);
        free(l->devices);
        free(l->cgroups_path);
        spec_resources_free(l->resources);
        spec_seccomp_free(l->seccomp);
        kv_free(l->sysctl, l->n_sysctl);
        strv_free(l->masked_paths);
        strv_free(l->readonly_paths);
        free(l->mount_label);
        if (l->intel_rdt) {
                free(l->intel_rdt->clos_id);
                free(l->intel_rdt->l3_cache_schema);
                free(l->intel_rdt->mem_bw_schema);
                strv_free(l->intel_rdt->schemata);
                free(l->intel_rdt);
        }
        free(l->personality);
        if (l->memory_policy) {
                spec_cpu_list_free(l->memory_policy->nodes);
                free(l->memory_policy);
        }
        for (size_t i = 0; l->net_devices && i < l->n_net_devices; i++) {
                free(l->net_devices[i].host_name);
                free(l->net_devices[i].name);
        }
        free(l->net_devices);
        free(l);
}

void spec_mount_clear(struct spec_mount *m)
{
        free(m->destination);
        free(m->source);
        free(m->type);
        strv_free(m->options);
        free(m->data);
        free(m->uid_mappings);
        free(m->gid_mappings);
}

void spec_free(struct spec *s)
{
        if (!s)
                return;
        free(s->oci_version);
        if (s->root) {
                free(s->root->path);
                free(s->root);
        }
        for (size_t i = 0; s->mounts && i < s->n_mounts; i++)
                spec_mount_clear(&s->mounts[i]);
        free(s->mounts);
        spec_process_free(s->process);
        free(s->hostname);
        free(s->domainname);
        for (int k = 0; k < HOOK__COUNT; k++) {
                for (size_t i = 0; s->hooks.list[k] && i < s->hooks.n[k]; i++) {
                        free(s->hooks.list[k][i].path);
                        strv_free(s->hooks.list[k][i].args);
                        strv_free(s->hooks.list[k][i].env);
                }
                free(s->hooks.list[k]);
        }
        kv_free(s->annotations, s->n_annotations);
        spec_linux_free(s->linux);
        free(s);
}
