// SPDX-License-Identifier: MIT
/*
 * The results directory: each file is written to a temporary name in
 * the target directory and renamed into place, so that a reader never
 * sees half a file, and the directory is checked for writing before
 * the measurement rather than after it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rseqbench.h"

static int rb_write_atomic(const char *dir, const char *name,
			   void (*writer)(FILE *, const struct rb_run *),
			   const struct rb_run *run)
{
	char tmp[4096], path[4096];
	int fd, err = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, name);
	fd = mkstemp(tmp);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		err = -errno;
		close(fd);
		unlink(tmp);
		return err;
	}
	writer(f, run);
	if (fflush(f) || fsync(fd))
		err = -errno;
	if (fclose(f) && !err)
		err = -errno;
	if (!err && chmod(tmp, 0644))
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}

static int rb_mkdir_p(const char *dir)
{
	char buf[4096], *p;

	snprintf(buf, sizeof(buf), "%s", dir);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

int rb_prepare_out_dir(const char *dir)
{
	char probe[4096];
	int err = rb_mkdir_p(dir), fd;

	if (err)
		return err;
	/* Find out now, not after the measurement, that it is writable. */
	snprintf(probe, sizeof(probe), "%s/.rseqbench-probe.XXXXXX", dir);
	fd = mkstemp(probe);
	if (fd < 0)
		return -errno;
	close(fd);
	unlink(probe);
	return 0;
}

int rb_write_results(const struct rb_run *run, const char *dir)
{
	int err = rb_mkdir_p(dir);

	if (!err)
		err = rb_write_atomic(dir, "results.json", rb_write_json, run);
	if (!err)
		err = rb_write_atomic(dir, "results.csv", rb_write_csv, run);
	if (!err)
		err = rb_write_atomic(dir, "report.txt", rb_write_report, run);
	return err;
}
