/* LD_PRELOAD shim for tests/faults/test_fault_store.py: after FAULT_AFTER calls, make the
   chosen OS call (FAULT_OP = write | fsync | close) fail with FAULT_ERRNO on files whose
   path contains FAULT_PATH. Nothing else is touched. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/types.h>

static long calls = 0;

static int targeted(int fd, const char *op) {
    const char *want = getenv("FAULT_OP");
    const char *path = getenv("FAULT_PATH");
    if (!want || strcmp(want, op) != 0 || !path) return 0;
    char link[64], target[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n <= 0) return 0;
    target[n] = 0;
    if (!strstr(target, path)) return 0;
    long after = getenv("FAULT_AFTER") ? atol(getenv("FAULT_AFTER")) : 0;
    return ++calls > after;
}

static int fail(void) {
    errno = getenv("FAULT_ERRNO") ? atoi(getenv("FAULT_ERRNO")) : EIO;
    return -1;
}

ssize_t write(int fd, const void *buf, size_t count) {
    static ssize_t (*real)(int, const void *, size_t);
    if (!real) real = dlsym(RTLD_NEXT, "write");
    if (targeted(fd, "write")) return fail();
    return real(fd, buf, count);
}

ssize_t pwrite64(int fd, const void *buf, size_t count, off_t offset) {
    static ssize_t (*real)(int, const void *, size_t, off_t);
    if (!real) real = dlsym(RTLD_NEXT, "pwrite64");
    if (targeted(fd, "write")) return fail();
    return real(fd, buf, count, offset);
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset) {
    static ssize_t (*real)(int, const void *, size_t, off_t);
    if (!real) real = dlsym(RTLD_NEXT, "pwrite");
    if (targeted(fd, "write")) return fail();
    return real(fd, buf, count, offset);
}

int fsync(int fd) {
    static int (*real)(int);
    if (!real) real = dlsym(RTLD_NEXT, "fsync");
    if (targeted(fd, "fsync")) return fail();
    return real(fd);
}

int fdatasync(int fd) {
    static int (*real)(int);
    if (!real) real = dlsym(RTLD_NEXT, "fdatasync");
    if (targeted(fd, "fsync")) return fail();
    return real(fd);
}

int close(int fd) {
    static int (*real)(int);
    if (!real) real = dlsym(RTLD_NEXT, "close");
    if (targeted(fd, "close")) { real(fd); return fail(); }
    return real(fd);
}
