/* SPDX-License-Identifier: Apache-2.0 */
#include "linux/mem_trim.h"

#include <link.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <unistd.h>

static int drop_object(struct dl_phdr_info *info, size_t size, void *data)
{
        uintptr_t page = *(const uintptr_t *)data, vdso = (uintptr_t)getauxval(AT_SYSINFO_EHDR);

        (void)size;
        for (int i = 0; i < info->dlpi_phnum; i++) {
                const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
                uintptr_t start, end;

                if (ph->p_type != PT_LOAD || (ph->p_flags & PF_W) || !ph->p_memsz)
                        continue;
                start = (info->dlpi_addr + ph->p_vaddr) & ~(page - 1);
                end = (info->dlpi_addr + ph->p_vaddr + ph->p_memsz + page - 1) & ~(page - 1);
                /* The vDSO is the kernel's own mapping, not a file's. */
                if (vdso && vdso >= start && vdso < end)
                        continue;
                madvise((void *)start, end - start, MADV_DONTNEED);
        }
        return 0;
}

void mem_drop_clean_pages(void)
{
        uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);

        dl_iterate_phdr(drop_object, &page);
}
