// A small persistent thread pool. Decoding runs a couple of hundred small matrix-vector products
// per token, so a product must not wait on a worker the OS has not scheduled: the caller works
// through the chunks itself and waits only for chunks a worker has actually claimed. Idle workers
// spin briefly on a generation counter before sleeping on a condition variable.
//
// Claims carry the job number in the high half of one 64-bit counter, so a worker that wakes late
// cannot claim a chunk of a later job with a stale view of it; the caller rewrites the job only
// after every chunk of the previous one has been completed, and only after marking the counter
// as having nothing to claim.
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>
#include "CKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#define CPU_RELAX() _mm_pause()
#else
#define CPU_RELAX() ((void)0)
#endif

enum { MAX_THREADS = 64, SPIN_ROUNDS = 4000 };

static struct {
    pthread_mutex_t lock;           // guards sleeping and the condition variable
    pthread_cond_t wake;
    pthread_mutex_t caller;         // one caller at a time; others run serially
    _Atomic uint64_t generation;    // bumped for every job
    _Atomic uint64_t claim;         // job number << 32 | next chunk index
    _Atomic int64_t done;           // chunks completed in the current job
    _Atomic int workers;
    int sleeping;
    int requested_threads;
    // The current job; written by the caller before it publishes `claim`.
    loupe_range_fn fn;
    void *context;
    int64_t n, chunk, chunks;
} pool = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .wake = PTHREAD_COND_INITIALIZER,
    .caller = PTHREAD_MUTEX_INITIALIZER,
};

// Claims and runs chunks of job `job` until none are left (or a later job has replaced it).
static void run_chunks(uint32_t job) {
    uint64_t current = atomic_load_explicit(&pool.claim, memory_order_acquire);
    for (;;) {
        if ((uint32_t)(current >> 32) != job) return;
        const int64_t index = (int64_t)(current & 0xffffffffu);
        if (index >= pool.chunks) return;
        if (!atomic_compare_exchange_weak(&pool.claim, &current, current + 1)) continue;
        const int64_t begin = index * pool.chunk;
        const int64_t end = begin + pool.chunk < pool.n ? begin + pool.chunk : pool.n;
        pool.fn(pool.context, begin, end);
        atomic_fetch_add_explicit(&pool.done, 1, memory_order_release);
        current = atomic_load_explicit(&pool.claim, memory_order_acquire);
    }
}

static void *worker_main(void *unused) {
    (void)unused;
    uint64_t seen = 0;
    for (;;) {
        uint64_t now = atomic_load_explicit(&pool.generation, memory_order_acquire);
        for (int spin = 0; now == seen && spin < SPIN_ROUNDS; spin++) {
            CPU_RELAX();
            now = atomic_load_explicit(&pool.generation, memory_order_acquire);
        }
        if (now == seen) {
            pthread_mutex_lock(&pool.lock);
            pool.sleeping++;
            while ((now = atomic_load_explicit(&pool.generation, memory_order_acquire)) == seen)
                pthread_cond_wait(&pool.wake, &pool.lock);
            pool.sleeping--;
            pthread_mutex_unlock(&pool.lock);
        }
        seen = now;
        run_chunks((uint32_t)now);
    }
    return NULL;
}

static int default_threads(void) {
    const char *env = getenv("LOUPE_THREADS");
    if (env) {
        const int n = atoi(env);
        if (n > 0) return n < MAX_THREADS ? n : MAX_THREADS;
    }
    const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    return cpus < 1 ? 1 : cpus > MAX_THREADS ? MAX_THREADS : (int)cpus;
}

int loupe_num_threads(void) {
    pthread_mutex_lock(&pool.lock);
    if (pool.requested_threads == 0) pool.requested_threads = default_threads();
    const int n = pool.requested_threads;
    pthread_mutex_unlock(&pool.lock);
    return n;
}

void loupe_set_num_threads(int n) {
    pthread_mutex_lock(&pool.lock);
    pool.requested_threads = n < 1 ? 0 : n > MAX_THREADS ? MAX_THREADS : n;   // 0: back to the default
    pthread_mutex_unlock(&pool.lock);
}

// Starts workers up to `wanted` (threads besides the caller); returns how many exist.
static int ensure_workers(int wanted) {
    int have = atomic_load(&pool.workers);
    while (have < wanted) {
        pthread_t thread;
        if (pthread_create(&thread, NULL, worker_main, NULL) != 0) break;
        pthread_detach(thread);
        have = atomic_fetch_add(&pool.workers, 1) + 1;
    }
    return have;
}

void loupe_parallel_for(int64_t n, int64_t grain, loupe_range_fn fn, void *context) {
    if (n <= 0) return;
    if (grain < 1) grain = 1;
    const int threads = loupe_num_threads();
    if (threads <= 1 || n <= grain || pthread_mutex_trylock(&pool.caller) != 0) {
        fn(context, 0, n);
        return;
    }
    const int workers = ensure_workers(threads - 1);
    // A few chunks per thread, so a thread slowed by another process leaves its share to others.
    const int64_t parts = (int64_t)(workers + 1) * 4;
    int64_t chunk = (n + parts - 1) / parts;
    if (chunk < grain) chunk = grain;
    const uint32_t job = (uint32_t)(atomic_load_explicit(&pool.generation, memory_order_relaxed) + 1);
    // First mark the new job as having nothing to claim: a worker still holding a view of the
    // previous job then fails its claim instead of mixing old counters with the new fields.
    atomic_store(&pool.claim, (uint64_t)job << 32 | 0xffffffffu);
    pool.fn = fn;
    pool.context = context;
    pool.n = n;
    pool.chunk = chunk;
    pool.chunks = (n + chunk - 1) / chunk;
    atomic_store_explicit(&pool.done, 0, memory_order_relaxed);
    atomic_store_explicit(&pool.claim, (uint64_t)job << 32, memory_order_release);
    atomic_store_explicit(&pool.generation, job, memory_order_release);
    pthread_mutex_lock(&pool.lock);
    if (pool.sleeping > 0) pthread_cond_broadcast(&pool.wake);
    pthread_mutex_unlock(&pool.lock);

    run_chunks(job);
    // Only chunks a worker has claimed can still be running.
    for (int spin = 0; atomic_load_explicit(&pool.done, memory_order_acquire) < pool.chunks; spin++) {
        if (spin < SPIN_ROUNDS) CPU_RELAX(); else sched_yield();
    }
    pthread_mutex_unlock(&pool.caller);
}
