//go:build linux

package codes

import (
	"syscall"
	"testing"
	"time"

	"dossier/model/coding"
)

// processCPU is the CPU time of every thread of the process (the loads
// run in parallel goroutines, so one thread's clock would miss most).
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// kernelCPU and page faults: most of the kernel's part of first use is
// the first touch of the memory the tables are written into.
func kernelCPU() (time.Duration, int64) {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Stime.Nano()), ru.Minflt
}

// BenchmarkFirstUseCPU is the app's first use, as `dossier bench -codes`
// times it, in process CPU time: run it with -benchtime 1x, so that the
// only load is the first in a fresh process (later iterations find the
// sets and books loaded and measure nothing).
func BenchmarkFirstUseCPU(b *testing.B) {
	for i := 0; i < b.N; i++ {
		c0, t0 := processCPU(), time.Now()
		k0, f0 := kernelCPU()
		var books []*coding.Index
		var bookErr error
		done := make(chan struct{})
		go func() { books, bookErr = Indexes(); close(done) }()
		sets, err := All()
		<-done
		if err != nil || bookErr != nil {
			b.Fatal(err, bookErr)
		}
		sr := coding.NewSearcher(sets...)
		sr.Indexes = books
		sr.Shorthand = coding.Defaults()
		sr.Search("m", 20)
		if i == 0 {
			b.ReportMetric(float64((processCPU()-c0).Microseconds())/1000, "cpu-ms")
			b.ReportMetric(float64(time.Since(t0).Microseconds())/1000, "wall-ms")
			k1, f1 := kernelCPU()
			b.ReportMetric(float64((k1-k0).Microseconds())/1000, "kernel-ms")
			b.ReportMetric(float64(f1-f0), "faults")
		}
	}
}
