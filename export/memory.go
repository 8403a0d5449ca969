package export

import (
	"runtime"
	"runtime/debug"
	"sync"
)

// exportHeap is how much the heap may grow during an export before the
// garbage collector works harder to keep it there. An export's live data
// (the questions, evidence list and one sheet's rows in flight) is about
// 20 MB for 10,000 questions. Encrypting a paper makes about 200 MB of
// short-lived garbage (excelize.Encrypt) besides: encryptHeap leaves room
// for it, so that collecting it does not double the CPU time (measured:
// 40 MiB took 2.2 s of CPU against 1.2 s).
//
// Copying the evidence out beside the paper (Options.IncludeEvidence) keeps
// the copy's own data live too (file names, part buffers) while the
// workbook is built: evidenceHeap more, or the heap sits at the limit and
// the collector runs back to back (measured on the 10,000-question demo
// log with 20,000 files: 107 to 462 collections with 40 MiB, 21 to 23 with
// 56, 16 to 17 with 64, peak RSS up to 82, 89 and 95 MiB).
const (
	exportHeap   = 40 << 20
	encryptHeap  = 64 << 20
	evidenceHeap = 16 << 20
)

var heapMu sync.Mutex

// heapBudget sets a soft memory limit of the heap in use now plus budget,
// unless a lower limit is already set (GOMEMLIMIT), and returns the function
// that puts the old limit back. It is soft: the heap may pass it, at the
// cost of more collection, never of a failed export.
func heapBudget(budget int64) (restore func()) {
	heapMu.Lock()
	defer heapMu.Unlock()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	old := debug.SetMemoryLimit(-1) // -1 reads the limit without changing it
	if limit := int64(ms.HeapAlloc) + budget; limit < old {
		debug.SetMemoryLimit(limit)
	}
	return func() {
		heapMu.Lock()
		defer heapMu.Unlock()
		debug.SetMemoryLimit(old)
	}
}
