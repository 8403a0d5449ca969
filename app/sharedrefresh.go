package app

import (
	"fyne.io/fyne/v2"

	"github.com/nhsguardian/guardian/assurance"
)

// sharedRefresh brings someone else's changes to a shared log into the
// open workspace: the lists, tree and open tab show them at once, and the
// question in the editor is brought up to date unless the user has
// unsaved changes in it, which are never touched (saving them then meets
// the conflict view, conflictview.go).
type sharedRefresh struct {
	ws   *workspace
	kick chan struct{} // a change was heard; holds one, so a burst is one read
}

func newSharedRefresh(ws *workspace) *sharedRefresh {
	r := &sharedRefresh{ws: ws, kick: make(chan struct{}, 1)}
	go r.run()
	return r
}

// changed is told of each change, on the watch's goroutine. Changes heard
// while the log is being read are folded into one more read after it, so
// a burst of saves by others costs two reads, not one each.
func (r *sharedRefresh) changed() {
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

// run reads the log again after each kick until the log closes, off the
// window's goroutine, so the window never waits on the network; what it
// read goes to the window's.
func (r *sharedRefresh) run() {
	for {
		select {
		case <-r.ws.ctx.Done():
			return
		case <-r.kick:
			r.read()
		}
	}
}

func (r *sharedRefresh) read() {
	ws := r.ws
	qs, err := ws.store.Questions(ws.ctx, assurance.QuestionFilter{})
	if err != nil {
		if ws.ctx.Err() == nil {
			fyne.LogError("refreshing the shared log", err)
		}
		return
	}
	ms, err := ws.store.Meetings(ws.ctx)
	if err != nil {
		return
	}
	ws.ui.do(func() { r.apply(qs, ms) })
}

func (r *sharedRefresh) apply(qs []*assurance.Question, ms []*assurance.Meeting) {
	ws := r.ws
	if ws.ui.ws != ws {
		return // the log was closed meanwhile
	}
	e := ws.editor
	editing := e.dirty && e.current != nil
	ws.questions = qs
	if !editing {
		// The editor's meeting choice indexes ws.meetings: replaced only
		// while no edit depends on it.
		ws.meetings = ms
		ws.list.meetingsChanged()
		e.meetingsChanged()
	}
	ws.changed()
	if editing || e.current == nil || e.current.ID == 0 {
		return
	}
	switch fresh := ws.question(e.current.ID); {
	case fresh == nil:
		e.clear() // deleted by someone else
	case fresh.Version != e.current.Version:
		e.load(fresh)
	}
}
