// A heap checker for the test process, loaded with LD_PRELOAD by scripts/test-heapcheck.sh.
//
// Every block gets a 32-byte header (where its memory starts, its size, the caller that asked for
// it) and a 64-byte red zone after it; a freed block is filled with a pattern and kept in a
// quarantine of 2^21 blocks before its memory is given back. A block whose red zone changed (a
// write past its end) is reported when it is freed; a quarantined block that changed (a write
// after free) when it leaves the quarantine or at exit. The report names the block's size, the
// changed byte, who allocated it and who freed it (addresses with their library and symbol, for
// addr2line), and the process aborts.
//
// It found what AddressSanitizer did not, because the writer was not instrumented code:
// swift-foundation's FileManager.copyItem writing a zero byte past a 1,026-byte path buffer.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void __libc_free(void *);
extern void *__libc_memalign(size_t, size_t);

enum { HEADER = 32, REDZONE = 64, DEPTH = 6, QUARANTINE = 1 << 21, CHECKED_BYTES = 1 << 16 };
static const unsigned char FREED = 0xA5, ZONE = 0x5A;
static const uint64_t MAGIC = 0x51c4ec4b1234abcdULL;

typedef struct { uint64_t offset, size; void *caller; uint64_t magic; } header;
typedef struct { unsigned char *p; size_t size; void *allocator; void *freers[DEPTH]; } freed;

static freed *quarantine;
static size_t next_slot;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void say(const char *s) { (void)!write(2, s, strlen(s)); }

static void say_address(const char *what, void *a) {
    Dl_info info;
    char line[640];
    if (a && dladdr(a, &info) && info.dli_fname) {
        void *base = info.dli_sname ? info.dli_saddr : info.dli_fbase;
        snprintf(line, sizeof line, "  %s %p %s(%s) +0x%lx (file offset 0x%lx)\n", what, a, info.dli_fname,
                 info.dli_sname ? info.dli_sname : "?", (unsigned long)((char *)a - (char *)base),
                 (unsigned long)((char *)a - (char *)info.dli_fbase));
    } else {
        snprintf(line, sizeof line, "  %s %p\n", what, a);
    }
    say(line);
}

static void report(const char *what, const unsigned char *p, size_t size, size_t at, void *allocator, void **freers) {
    char line[256];
    snprintf(line, sizeof line, "\nheapcheck: %s: a block of %zu bytes at %p, byte %zu changed:", what, size, (void *)p, at);
    say(line);
    for (size_t i = at >= 16 ? at - 16 : 0; i < at + 16; i++) {
        snprintf(line, sizeof line, " %02x", p[i]);
        say(line);
    }
    say("\n");
    say_address("allocated by", allocator);
    for (int k = 0; freers && k < DEPTH && freers[k]; k++) say_address("freed by", freers[k]);
    abort();
}

static void check_redzone(const unsigned char *p, size_t size, void *allocator, void **freers) {
    for (size_t i = 0; i < REDZONE; i++)
        if (p[size + i] != ZONE) report("write past the end", p, size, size + i, allocator, freers);
}

static void check_freed(freed *f) {
    size_t n = f->size < CHECKED_BYTES ? f->size : CHECKED_BYTES;
    for (size_t i = 0; i < n; i++)
        if (f->p[i] != FREED) report("write after free", f->p, f->size, i, f->allocator, f->freers);
    check_redzone(f->p, f->size, f->allocator, f->freers);
}

static void *prepare(void *raw, size_t offset, size_t size, void *caller) {
    if (!raw) return NULL;
    unsigned char *p = (unsigned char *)raw + offset;
    header *h = (header *)(p - HEADER);
    *h = (header){offset, size, caller, MAGIC};
    memset(p + size, ZONE, REDZONE);
    return p;
}

static void *plain(size_t size, void *caller) {
    if (size > SIZE_MAX - HEADER - REDZONE) return NULL;
    return prepare(__libc_malloc(HEADER + size + REDZONE), HEADER, size, caller);
}

static void *aligned(size_t alignment, size_t size, void *caller) {
    if (alignment < 16) alignment = 16;
    if (alignment & (alignment - 1)) return NULL;
    size_t offset = alignment >= HEADER ? alignment : HEADER;
    if (size > SIZE_MAX - offset - REDZONE) return NULL;
    return prepare(__libc_memalign(alignment, offset + size + REDZONE), offset, size, caller);
}

void *malloc(size_t size) { return plain(size, __builtin_return_address(0)); }
void *calloc(size_t count, size_t each) {
    if (each && count > SIZE_MAX / each) return NULL;
    void *p = plain(count * each, __builtin_return_address(0));
    if (p) memset(p, 0, count * each);
    return p;
}
void *memalign(size_t alignment, size_t size) { return aligned(alignment, size, __builtin_return_address(0)); }
void *aligned_alloc(size_t alignment, size_t size) { return aligned(alignment, size, __builtin_return_address(0)); }
void *valloc(size_t size) { return aligned(4096, size, __builtin_return_address(0)); }
void *pvalloc(size_t size) { return aligned(4096, (size + 4095) & ~(size_t)4095, __builtin_return_address(0)); }
int posix_memalign(void **out, size_t alignment, size_t size) {
    void *p = aligned(alignment, size, __builtin_return_address(0));
    if (!p) return 12; // ENOMEM
    *out = p;
    return 0;
}
size_t malloc_usable_size(void *p) { return p ? ((header *)((char *)p - HEADER))->size : 0; }

void free(void *p) {
    if (!p) return;
    header *h = (header *)((char *)p - HEADER);
    if (h->magic != MAGIC) {
        say("\nheapcheck: free of a block this allocator did not give (or whose header was overwritten)\n");
        say_address("freed by", __builtin_return_address(0));
        abort();
    }
    // Who frees it: the caller, then up the frame-pointer chain while it stays on this stack.
    void *freers[DEPTH] = {__builtin_return_address(0)};
    char here;
    uintptr_t low = (uintptr_t)&here, high = low + (8u << 20);
    uintptr_t *frame = __builtin_frame_address(0);
    for (int k = 1; k < DEPTH; k++) {
        if ((uintptr_t)frame < low || (uintptr_t)frame >= high || ((uintptr_t)frame & 7)) break;
        uintptr_t *up = (uintptr_t *)frame[0];
        freers[k] = (void *)frame[1];
        if ((uintptr_t)up <= (uintptr_t)frame) break;
        frame = up;
    }
    size_t size = h->size;
    check_redzone(p, size, h->caller, freers);
    memset(p, FREED, size < CHECKED_BYTES ? size : CHECKED_BYTES);
    pthread_mutex_lock(&lock);
    if (!quarantine) {
        quarantine = mmap(NULL, sizeof(freed) * QUARANTINE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (quarantine == MAP_FAILED) abort();
    }
    freed *slot = &quarantine[next_slot];
    freed oldest = *slot;
    *slot = (freed){p, size, h->caller, {0}};
    memcpy(slot->freers, freers, sizeof freers);
    next_slot = (next_slot + 1) % QUARANTINE;
    pthread_mutex_unlock(&lock);
    if (oldest.p) {
        check_freed(&oldest);
        __libc_free(oldest.p - ((header *)(oldest.p - HEADER))->offset);
    }
}

void *realloc(void *p, size_t size) {
    if (!p) return plain(size, __builtin_return_address(0));
    if (size == 0) {
        free(p);
        return NULL;
    }
    void *q = plain(size, __builtin_return_address(0));
    if (!q) return NULL;
    size_t old = malloc_usable_size(p);
    memcpy(q, p, old < size ? old : size);
    free(p);
    return q;
}

// Children (the lintas binaries, Chromium) run with their own allocators.
__attribute__((constructor)) static void start(void) { unsetenv("LD_PRELOAD"); }

__attribute__((destructor)) static void finish(void) {
    pthread_mutex_lock(&lock);
    size_t checked = 0;
    for (size_t i = 0; quarantine && i < QUARANTINE; i++)
        if (quarantine[i].p) {
            check_freed(&quarantine[i]);
            checked++;
        }
    char line[128];
    snprintf(line, sizeof line, "heapcheck: no write past the end of a freed block, no write after free (%zu blocks in quarantine at exit)\n", checked);
    say(line);
    pthread_mutex_unlock(&lock);
}
