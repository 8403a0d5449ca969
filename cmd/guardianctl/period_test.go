package main

import (
	"regexp"
	"strings"
	"testing"
)

// TestPeriodsAndMaturityFromTheCommandLine runs a quarter's cycle: start,
// answer, record maturity, close (edits then refused, exit 1, saying
// why), start the next quarter carrying the open questions, reopen.
func TestPeriodsAndMaturityFromTheCommandLine(t *testing.T) {
	log := newLog(t)
	must(t, "question", "add", log, "--area", "4.1", "--text", "Is OH used?", "--status", "asked")
	must(t, "question", "add", log, "--area", "2.3", "--text", "Is the maturity framework used?", "--status", "asked", "--recurring")
	if out := must(t, "period", "start", log, "--from", "2026-04-01"); !strings.Contains(out, "Started 2026/27 Q1 (1 Apr 2026 to 30 Jun 2026): 2 questions") {
		t.Errorf("period start says %q", out)
	}
	must(t, "question", "update", log, "Q-0002", "--response", "Piloted", "--level", "limited", "--status", "closed")
	if out := must(t, "maturity", "set", log, "2.3", "core delivery", "--comment", "Pilot only"); !strings.Contains(out, "Core delivery") {
		t.Errorf("maturity set says %q", out)
	}
	must(t, "period", "close", log, "current")
	code, _, errOut := ctl(t, "question", "update", log, "Q-0002", "--level", "reasonable")
	if code != exitFailed || !strings.Contains(errOut, `"2026/27 Q1" is closed`) {
		t.Errorf("edit in a closed period: exit %d, %q", code, errOut)
	}
	code, _, errOut = ctl(t, "maturity", "set", log, "2.3", "exemplary")
	if code != exitFailed || !strings.Contains(errOut, "is closed") {
		t.Errorf("maturity in a closed period: exit %d, %q", code, errOut)
	}
	if out := must(t, "period", "start", log); !strings.Contains(out, "2026/27 Q2 (1 Jul 2026 to 30 Sep 2026): 2 questions carried forward") {
		t.Errorf("next period says %q", out)
	}
	out := must(t, "period", "list", log)
	if !strings.Contains(out, "closed") || !strings.Contains(out, "open (current)") {
		t.Errorf("period list:\n%s", out)
	}
	if out := must(t, "maturity", "list", log, "--period", "2026/27 Q1"); !strings.Contains(out, "Pilot only") {
		t.Errorf("maturity list:\n%s", out)
	}
	out = must(t, "question", "show", log, "Q-0002")
	if !strings.Contains(out, "Status:       Asked") || !strings.Contains(out, "Answers by reporting period:") ||
		!strings.Contains(out, "Recurring:    asked again") || !regexp.MustCompile(`2026/27 Q1 +Limited +New +Piloted`).MatchString(out) {
		t.Errorf("a recurring closed question is asked again in the new period, its Q1 answer kept:\n%s", out)
	}
	code, _, errOut = ctl(t, "period", "answer", log, "1", "Q-0002", "--level", "reasonable")
	if code != exitFailed || !strings.Contains(errOut, "is closed") {
		t.Errorf("correcting a closed period: exit %d, %q", code, errOut)
	}
	must(t, "period", "reopen", log, "1")
	must(t, "period", "answer", log, "1", "Q-0002", "--level", "reasonable", "--comment", "Checked again")
	if out := must(t, "question", "show", log, "Q-0002"); !regexp.MustCompile(`2026/27 Q1 +Reasonable +New +Piloted +Checked again`).MatchString(out) {
		t.Errorf("the corrected Q1 answer:\n%s", out)
	}
	code, _, errOut = ctl(t, "maturity", "set", log, "2.3", "brilliant")
	if code != exitUsage || !strings.Contains(errOut, "core delivery, transformative or exemplary") {
		t.Errorf("bad maturity level: exit %d, %q", code, errOut)
	}
	code, _, errOut = ctl(t, "period", "close", log, "Q9")
	if code != exitFailed || !strings.Contains(errOut, `no reporting period "Q9"`) {
		t.Errorf("unknown period: exit %d, %q", code, errOut)
	}
}
