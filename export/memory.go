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
const (
	exportHeap  = 40 << 20
	encryptHeap = 64 << 20
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
