package assurance

import "context"

// Watcher is a Store that can say when someone else changes the log, so a
// window showing it can refresh its lists. A shared log, which several
// people edit at once, implements it; a log file has one writer at a time.
type Watcher interface {
	// Watch starts listening and returns once it is: from then until ctx
	// is cancelled, changed is called, from another goroutine, after each
	// change that someone else commits (never for this Store's own). A
	// lost connection is re-established and reported as a change, since
	// changes made meanwhile were not heard.
	Watch(ctx context.Context, changed func()) error
}
