package model

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// BatchStage is where a box of paper charts stands in digitization.
// Stored: append-only.
type BatchStage string

const (
	StageReceived    BatchStage = "received"
	StageScanned     BatchStage = "scanned"
	StageIndexed     BatchStage = "indexed"
	StageTranscribed BatchStage = "transcribed"
	StageVerified    BatchStage = "verified"
	StageReturned    BatchStage = "paper-returned"
	StageRetained    BatchStage = "paper-retained"
)

// BatchStages is the path a batch walks; the last two are alternatives.
var BatchStages = []BatchStage{StageReceived, StageScanned, StageIndexed, StageTranscribed,
	StageVerified, StageReturned, StageRetained}

var stageLabels = map[BatchStage]string{
	StageReceived: "Received", StageScanned: "Scanned", StageIndexed: "Indexed",
	StageTranscribed: "Transcribed", StageVerified: "Verified",
	StageReturned: "Paper returned", StageRetained: "Paper retained",
}

// Label is the name shown to clerks.
func (s BatchStage) Label() string {
	if l, ok := stageLabels[s]; ok {
		return l
	}
	return string(s)
}

func (s BatchStage) rank() int {
	switch s {
	case StageReturned, StageRetained:
		return 5
	}
	for i, v := range BatchStages {
		if v == s {
			return i
		}
	}
	return -1
}

// Done reports a batch whose paper has gone back or been kept.
func (s BatchStage) Done() bool { return s.rank() == 5 }

// StageChange is one step of a batch, kept so progress can be credited to
// the clerk who did it.
type StageChange struct {
	Stage BatchStage `json:"stage"`
	At    time.Time  `json:"at"`
	By    string     `json:"by"`
	Note  string     `json:"note,omitempty"`
}

// QCCheck is a second person's verdict on one sampled page.
type QCCheck struct {
	PageID  ID     `json:"page"`
	OK      bool   `json:"ok"`
	Problem string `json:"problem,omitempty"`
}

// QC is the quality check of a batch: a random sample of its pages checked
// by someone who did not scan or index them.
type QC struct {
	Sample  []ID      `json:"sample"`
	Checks  []QCCheck `json:"checks,omitempty"`
	By      string    `json:"by,omitempty"`
	At      time.Time `json:"at,omitempty"`
	Passed  bool      `json:"passed,omitempty"`
	Summary string    `json:"summary,omitempty"`
}

// QCProblems are the reasons a checker can give for a page.
var QCProblems = []string{"Unreadable or cut off", "Wrong patient", "Wrong document type or date",
	"Page missing or out of order", "Upside down or sideways", "Other"}

// Batch is a box of paper charts going through digitization.
type Batch struct {
	ID       ID            `json:"id"`
	Label    string        `json:"label"`  // what is written on the box
	Origin   string        `json:"origin"` // where it came from (shelf, ward, years)
	Charts   int           `json:"charts"` // paper charts in the box
	Stage    BatchStage    `json:"stage"`
	History  []StageChange `json:"history"`
	QC       QC            `json:"qc"`
	Received time.Time     `json:"received"`
}

// Validate checks a new or edited batch.
func (b Batch) Validate() error {
	switch {
	case b.Label == "":
		return errors.New("enter the label written on the box")
	case b.Charts < 0:
		return errors.New("the number of charts cannot be negative")
	}
	return nil
}

// By returns who moved the batch into a stage ("" if it never was).
func (b Batch) By(s BatchStage) string {
	for i := len(b.History) - 1; i >= 0; i-- {
		if b.History[i].Stage == s {
			return b.History[i].By
		}
	}
	return ""
}

// CanAdvance checks a move to the next stage by user. Stages go one at a
// time; "verified" needs a passed quality check by someone other than the
// person who scanned or indexed the batch.
func (b Batch) CanAdvance(to BatchStage, user string) error {
	cur, next := b.Stage.rank(), to.rank()
	if next < 0 {
		return fmt.Errorf("unknown stage %q", to)
	}
	if b.Stage.Done() {
		return errors.New("this batch is finished: its paper has been returned or retained")
	}
	if next != cur+1 {
		return fmt.Errorf("a batch at %q can only move to the next stage, not %q", b.Stage.Label(), to.Label())
	}
	if to == StageVerified {
		if !b.QC.Passed {
			return errors.New("a second person must pass the quality check before the batch is verified")
		}
		if b.QC.By == b.By(StageScanned) || b.QC.By == b.By(StageIndexed) {
			return errors.New("the quality check must be done by someone who did not scan or index the batch")
		}
	}
	return nil
}

// Advance moves the batch on, after CanAdvance.
func (b *Batch) Advance(to BatchStage, user, note string, at time.Time) error {
	if err := b.CanAdvance(to, user); err != nil {
		return err
	}
	b.Stage = to
	b.History = append(b.History, StageChange{Stage: to, At: at, By: user, Note: note})
	return nil
}

// QCSampleSize is how many pages of n to check: a tenth, at least 5 (or all
// when fewer), at most 50, so small boxes are checked well and large ones
// stay a few minutes' work.
func QCSampleSize(n int) int {
	k := (n + 9) / 10
	k = max(k, 5)
	k = min(k, 50)
	return min(k, n)
}

// DrawQCSample picks the pages to check. Seeded by the batch ID so the
// sample is fixed once drawn and cannot be re-rolled to dodge bad pages.
func DrawQCSample(batch ID, pages []ID) []ID {
	seed := uint64(0)
	for _, b := range batch[8:] {
		seed = seed<<8 | uint64(b)
	}
	r := rand.New(rand.NewPCG(seed, uint64(len(pages))))
	idx := r.Perm(len(pages))[:QCSampleSize(len(pages))]
	out := make([]ID, len(idx))
	for i, j := range idx {
		out[i] = pages[j]
	}
	return out
}

// RecordQC stores the checker's verdicts and decides: any problem fails
// the check and sends the batch back for fixes.
func (b *Batch) RecordQC(checks []QCCheck, by string, at time.Time) error {
	if len(checks) != len(b.QC.Sample) {
		return fmt.Errorf("check all %d sampled pages (%d checked)", len(b.QC.Sample), len(checks))
	}
	if by == b.By(StageScanned) || by == b.By(StageIndexed) {
		return errors.New("the quality check must be done by someone who did not scan or index the batch")
	}
	bad := 0
	for _, c := range checks {
		if !c.OK {
			if c.Problem == "" {
				return errors.New("say what is wrong with each page marked as a problem")
			}
			bad++
		}
	}
	b.QC.Checks, b.QC.By, b.QC.At = checks, by, at
	b.QC.Passed = bad == 0
	if b.QC.Passed {
		b.QC.Summary = fmt.Sprintf("%d of %d pages correct", len(checks), len(checks))
	} else {
		b.QC.Summary = fmt.Sprintf("%d of %d pages have problems", bad, len(checks))
	}
	return nil
}
