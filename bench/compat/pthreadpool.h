/* SPDX-License-Identifier: MIT */
/* Stand-in for <pthreadpool.h> where Debian's libxnnpack-dev lacks it: xnnpack.h needs only the
   handle type. xact_bench always passes a null threadpool (single-threaded). */
#ifndef XACT_BENCH_COMPAT_PTHREADPOOL_H
#define XACT_BENCH_COMPAT_PTHREADPOOL_H
typedef struct pthreadpool* pthreadpool_t;
#endif
