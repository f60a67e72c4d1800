// SPDX-License-Identifier: MIT
/*
 * One deliberately broken build of the verifier (protocols/mutants.h):
 * everything the binary links in one translation unit, so that the
 * -DRB_MUTANT flag reaches the sequences, the emulated kernel and the
 * kernel model alike by construction, and a constant they share
 * cannot differ between them.
 */
#include "verify.c"
#include "verify_ops.c"
#include "verify_disasm.c"
#include "kemu.c"
#include "kmodel.c"
