// A small persistent thread pool. Decoding runs a couple of hundred small matrix-vector products
// per token, so waking workers must be cheap: idle workers spin briefly on a generation counter
// before sleeping on a condition variable, and chunks are claimed from an atomic counter so a
// worker slowed by another process does not hold up the others.
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

typedef struct {
    loupe_range_fn fn;
    void *context;
    int64_t n, chunk;
    _Atomic int64_t next;
    _Atomic int pending;        // participants (workers) still running the current job
} pool_job;

static struct {
    pthread_mutex_t lock;       // guards sleeping and the condition variable
    pthread_cond_t wake;
    pthread_mutex_t caller;     // one caller at a time; others run serially
    _Atomic uint64_t generation;
    _Atomic int workers;        // started worker threads
    int sleeping;
    pool_job job;
    int requested_threads;
} pool = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .wake = PTHREAD_COND_INITIALIZER,
    .caller = PTHREAD_MUTEX_INITIALIZER,
};

static void run_chunks(pool_job *job) {
    for (;;) {
        const int64_t begin = atomic_fetch_add_explicit(&job->next, job->chunk, memory_order_relaxed);
        if (begin >= job->n) return;
        const int64_t end = begin + job->chunk < job->n ? begin + job->chunk : job->n;
        job->fn(job->context, begin, end);
    }
}

// `start` is the generation current when the worker was created: a job posted after that, even
// before the thread first runs, is one it must take part in.
static void *worker_main(void *start) {
    uint64_t seen = (uint64_t)(uintptr_t)start;
    for (;;) {
        uint64_t now = seen;
        for (int spin = 0; spin < SPIN_ROUNDS; spin++) {
            now = atomic_load_explicit(&pool.generation, memory_order_acquire);
            if (now != seen) break;
            CPU_RELAX();
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
        run_chunks(&pool.job);
        atomic_fetch_sub_explicit(&pool.job.pending, 1, memory_order_release);
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
    pool.requested_threads = n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : n;
    pthread_mutex_unlock(&pool.lock);
}

// Starts workers up to `wanted` (threads besides the caller); returns how many exist.
static int ensure_workers(int wanted) {
    int have = atomic_load(&pool.workers);
    while (have < wanted) {
        pthread_t thread;
        const uint64_t generation = atomic_load(&pool.generation);
        if (pthread_create(&thread, NULL, worker_main, (void *)(uintptr_t)generation) != 0) break;
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
    // Running workers all take part; with fewer requested threads the extra ones just find no chunk.
    const int64_t parts = (int64_t)(workers + 1) * 4;
    int64_t chunk = (n + parts - 1) / parts;
    if (chunk < grain) chunk = grain;
    pool.job.fn = fn;
    pool.job.context = context;
    pool.job.n = n;
    pool.job.chunk = chunk;
    atomic_store_explicit(&pool.job.next, 0, memory_order_relaxed);
    atomic_store_explicit(&pool.job.pending, workers, memory_order_relaxed);
    atomic_fetch_add_explicit(&pool.generation, 1, memory_order_release);
    pthread_mutex_lock(&pool.lock);
    if (pool.sleeping > 0) pthread_cond_broadcast(&pool.wake);
    pthread_mutex_unlock(&pool.lock);

    run_chunks(&pool.job);
    for (int spin = 0; atomic_load_explicit(&pool.job.pending, memory_order_acquire) > 0; spin++) {
        if (spin < SPIN_ROUNDS) CPU_RELAX(); else sched_yield();
    }
    pthread_mutex_unlock(&pool.caller);
}
