// SPDX-License-Identifier: MIT
/*
 * One deliberately broken build of the verifier (protocols/mutants.h):
 * the sequences, the emulated kernel and the kernel model in one
 * translation unit, so that the -DRB_MUTANT flag reaches them alike by
 * construction, and a constant they share cannot differ between them.
 * The operations' models (tests/ops/<op>.c) hold no sequence; the
 * Makefile compiles them with the same flag, beside this file.
 */
#include "verify.c"
#include "verify_disasm.c"
#include "kemu.c"
#include "kmodel.c"
