/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A waiting init's footprint: the pages of the runtime's code and read-only data that the setup touched
 * are let go while it waits for start (they are the page cache's, shared; the init maps them again,
 * one fault at a time, for the few steps from start to execve).
 */
#pragma once

/* Unmaps (MADV_DONTNEED) the resident pages of every loaded object's read-only segments: code, read-only
 * data. Writable segments (data, relocations, RELRO) and the vDSO are left alone. Best effort. */
void mem_drop_clean_pages(void);
