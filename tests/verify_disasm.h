/* SPDX-License-Identifier: MIT */
/*
 * Instruction boundaries of this very program, as objdump sees the
 * built object: the preemption-point verifier must trap exactly where
 * the compiler and assembler put instructions, not where a hand list
 * says they are.
 */
#ifndef RB_VERIFY_DISASM_H
#define RB_VERIFY_DISASM_H

#include <stdint.h>

struct vd_insn {
	uint64_t addr;		/* run-time address */
	char where[80];		/* symbol+offset, as objdump names it */
	char text[80];		/* the instruction, as objdump prints it */
};

/*
 * Disassemble the run-time range [start, stop) of the running program
 * with $OBJDUMP (default objdump).  Fills at most max entries; returns
 * how many, or -1 (with a message on stderr) when objdump fails.
 */
int vd_disasm(uint64_t start, uint64_t stop, struct vd_insn *out, int max);

#endif
