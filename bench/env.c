// SPDX-License-Identifier: MIT
/* What a reader needs to know about the machine a result came from. */
#include <gnu/libc-version.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <stdlib.h>
#include <unistd.h>

#include "rb_tls.h"
#include "rseqbench.h"

#ifndef RB_GIT_REV
#define RB_GIT_REV "unknown"
#endif
#ifndef RB_CFLAGS
#define RB_CFLAGS "unknown"
#endif

static void rb_strlcpy(char *dst, const char *src, size_t len)
{
	snprintf(dst, len, "%s", src);
}

/* Value of the first "key<ws>: value" line of /proc/cpuinfo. */
static bool rb_cpuinfo(const char *key, char *out, size_t len)
{
	char line[4096];
	size_t klen = strlen(key);
	bool found = false;
	FILE *f = fopen("/proc/cpuinfo", "r");

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (strncmp(line, key, klen) || !colon ||
		    (line[klen] != ' ' && line[klen] != '\t' &&
		     line[klen] != ':'))
			continue;
		colon++;
		while (*colon == ' ')
			colon++;
		colon[strcspn(colon, "\n")] = '\0';
		rb_strlcpy(out, colon, len);
		found = true;
		break;
	}
	fclose(f);
	return found;
}

/*
 * An emulated cpu: said by the runner (make sets RSEQBENCH_EMULATED=1
 * when RUN is qemu), or seen: a binary of another architecture reading
 * an x86 host's /proc/cpuinfo, which qemu user mode passes through.
 */
static void rb_env_emulated(struct rb_env *env)
{
	const char *e = getenv("RSEQBENCH_EMULATED");
	char vendor[64] = "";

	if (e && !strcmp(e, "1")) {
		env->emulated = true;
		rb_strlcpy(env->emulated_why, "RSEQBENCH_EMULATED=1",
			   sizeof(env->emulated_why));
		return;
	}
#if !defined(__x86_64__) && !defined(__i386__)
	if (rb_cpuinfo("vendor_id", vendor, sizeof(vendor)) &&
	    (!strcmp(vendor, "GenuineIntel") ||
	     !strcmp(vendor, "AuthenticAMD"))) {
		env->emulated = true;
		snprintf(env->emulated_why, sizeof(env->emulated_why),
			 "%s binary on an x86 cpu (%s)", RB_ARCH_NAME, vendor);
	}
#endif
	(void)vendor;
}

void rb_env_collect(struct rb_env *env)
{
	char fam[32] = "?", model[32] = "?", step[32] = "?", flags[4096];
	struct utsname u;
	time_t now = time(NULL);
	struct tm tm;

	memset(env, 0, sizeof(*env));
	if (gethostname(env->host, sizeof(env->host) - 1))
		rb_strlcpy(env->host, "unknown", sizeof(env->host));
	gmtime_r(&now, &tm);
	strftime(env->date, sizeof(env->date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	rb_strlcpy(env->arch, RB_ARCH_NAME, sizeof(env->arch));
	if (!rb_cpuinfo("model name", env->cpu_model, sizeof(env->cpu_model))
#ifdef __powerpc64__
	    /* POWER names the cpu on its "cpu" line ("POWER9 (raw), ..."). */
	    && !rb_cpuinfo("cpu", env->cpu_model, sizeof(env->cpu_model))
#elif defined(__riscv)
	    /* RISC-V names the core on its "uarch" line ("sifive,u74-mc"). */
	    && !rb_cpuinfo("uarch", env->cpu_model, sizeof(env->cpu_model))
#endif
	    )
		rb_strlcpy(env->cpu_model, "unknown", sizeof(env->cpu_model));
	rb_cpuinfo("cpu family", fam, sizeof(fam));
	rb_cpuinfo("model", model, sizeof(model));
	rb_cpuinfo("stepping", step, sizeof(step));
	snprintf(env->cpu_id, sizeof(env->cpu_id), "family %s model %s stepping %s",
		 fam, model, step);
	if (!rb_cpuinfo("microcode", env->microcode, sizeof(env->microcode)))
		rb_strlcpy(env->microcode, "unreadable", sizeof(env->microcode));
	if (rb_cpuinfo("flags", flags, sizeof(flags)))
		env->hypervisor = strstr(flags, " hypervisor") != NULL;
	rb_env_emulated(env);
	env->ncpus_online = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (!uname(&u))
		snprintf(env->kernel, sizeof(env->kernel), "%s %s", u.release,
			 u.version);
	rb_strlcpy(env->glibc, gnu_get_libc_version(), sizeof(env->glibc));
#ifdef __clang__
	snprintf(env->compiler, sizeof(env->compiler), "clang %s", __VERSION__);
#else
	snprintf(env->compiler, sizeof(env->compiler), "gcc %s", __VERSION__);
#endif
	rb_strlcpy(env->cflags, RB_CFLAGS, sizeof(env->cflags));
	rb_strlcpy(env->git_rev, RB_GIT_REV, sizeof(env->git_rev));
	rb_strlcpy(env->rseq, rb_tls_describe(), sizeof(env->rseq));
#ifdef RB_HAVE_LIBPFM
	env->libpfm = true;
#endif
}
