package model

import (
	"slices"
	"testing"
	"time"
)

func auditOf(questions []string, stays ...AuditStay) RecordAudit {
	return RecordAudit{Questions: questions, Stays: stays}
}

func stayIn(ward string, answers ...AuditAnswer) AuditStay {
	return AuditStay{Ward: ward, Answers: answers}
}

func TestScorePercent(t *testing.T) {
	for _, tc := range []struct {
		name   string
		s      Score
		want   float64
		scored bool
		shown  string
	}{
		{"all yes", Score{Yes: 4}, 100, true, "100%"},
		{"N/A does not count", Score{Yes: 3, No: 1, NA: 5}, 75, true, "75%"},
		{"only N/A", Score{NA: 3}, 0, false, "—"},
		{"empty", Score{}, 0, false, "—"},
		{"rounded", Score{Yes: 2, No: 1}, 200.0 / 3, true, "67%"},
	} {
		got, ok := tc.s.Percent()
		if got != tc.want || ok != tc.scored || tc.s.Shown() != tc.shown {
			t.Errorf("%s: %v %v %q, want %v %v %q", tc.name, got, ok, tc.s.Shown(), tc.want, tc.scored, tc.shown)
		}
	}
}

func TestAuditResult(t *testing.T) {
	qs := []string{"Admission note present", "Consent present for procedures"}
	for _, tc := range []struct {
		name      string
		a         RecordAudit
		overall   string
		wards     []string // "Ward stays score"
		questions []string
	}{
		{"empty audit", auditOf(qs), "—", nil, []string{"—", "—"}},
		{"N/A not marked down", auditOf(qs,
			stayIn("Maternity", AnswerYes, AnswerNA),
			stayIn("maternity ", AnswerYes, AnswerNo),
			stayIn("Surgical", AnswerNo, AnswerYes)),
			"60%", []string{"Maternity 2 67%", "Surgical 1 50%"}, []string{"67%", "50%"}},
		{"unanswered counts nothing", auditOf(qs, stayIn("ICU", AnswerNone, AnswerNone)),
			"—", []string{"ICU 1 —"}, []string{"—", "—"}},
	} {
		r := tc.a.Result()
		if r.Overall.Shown() != tc.overall {
			t.Errorf("%s: overall %s, want %s", tc.name, r.Overall.Shown(), tc.overall)
		}
		var wards, questions []string
		for _, w := range r.ByWard {
			wards = append(wards, w.Label+" "+itoaTest(w.Stays)+" "+w.Score.Shown())
		}
		for _, q := range r.ByQuestion {
			questions = append(questions, q.Score.Shown())
		}
		if !slices.Equal(wards, tc.wards) || !slices.Equal(questions, tc.questions) {
			t.Errorf("%s: wards %q questions %q, want %q %q", tc.name, wards, questions, tc.wards, tc.questions)
		}
	}
}

func itoaTest(n int) string { return string(rune('0' + n)) }

func TestSampleStays(t *testing.T) {
	for _, tc := range []struct {
		total, n, want int
	}{{100, 10, 10}, {5, 10, 5}, {0, 3, 0}, {10, 0, 0}, {1, 1, 1}} {
		a := SampleStays(tc.total, tc.n, 42)
		b := SampleStays(tc.total, tc.n, 42)
		if len(a) != tc.want || !slices.Equal(a, b) {
			t.Fatalf("SampleStays(%d,%d): %v then %v, want %d the same", tc.total, tc.n, a, b, tc.want)
		}
		seen := map[int]bool{}
		for i, x := range a {
			if x < 0 || x >= tc.total || seen[x] || (i > 0 && x < a[i-1]) {
				t.Fatalf("SampleStays(%d,%d) = %v: out of range, repeated or unsorted", tc.total, tc.n, a)
			}
			seen[x] = true
		}
	}
	if slices.Equal(SampleStays(1000, 10, 1), SampleStays(1000, 10, 2)) {
		t.Error("two seeds drew the same sample of 10 in 1000")
	}
}

func TestCompareAudits(t *testing.T) {
	was := auditOf([]string{"Legible", "Old question"},
		stayIn("A", AnswerNo, AnswerYes), stayIn("A", AnswerYes, AnswerYes))
	now := auditOf([]string{"New question", "legible "},
		stayIn("A", AnswerYes, AnswerYes), stayIn("A", AnswerNA, AnswerYes))
	got := CompareAudits(was, now)
	if len(got) != 3 || got[0].Question != "New question" || got[1].Question != "legible" || got[2].Question != "Old question" {
		t.Fatalf("questions %+v", got)
	}
	if d, ok := got[1].Change(); !ok || d != 50 {
		t.Errorf("Legible change %v %v, want +50", d, ok)
	}
	if _, ok := got[0].Change(); ok {
		t.Error("a question new in the later audit has no change to show")
	}
	if _, ok := got[2].Change(); ok {
		t.Error("a question dropped since has no change to show")
	}
}

func TestRecordAuditValidate(t *testing.T) {
	from := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	ok := RecordAudit{From: from, To: from.AddDate(0, 1, 0), Asked: 5, Questions: []string{"Legible"},
		Stays: []AuditStay{stayIn("A", AnswerYes)}}
	for _, tc := range []struct {
		name  string
		edit  func(*RecordAudit)
		valid bool
	}{
		{"fine", func(*RecordAudit) {}, true},
		{"period backwards", func(a *RecordAudit) { a.To = a.From }, false},
		{"nothing asked", func(a *RecordAudit) { a.Asked = 0 }, false},
		{"answers short", func(a *RecordAudit) { a.Stays[0].Answers = nil }, false},
		{"unknown answer", func(a *RecordAudit) { a.Stays[0].Answers = []AuditAnswer{"maybe"} }, false},
	} {
		a := ok
		a.Stays = []AuditStay{stayIn("A", AnswerYes)}
		tc.edit(&a)
		if err := a.Validate(); (err == nil) != tc.valid {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	for _, tc := range []struct {
		qs    []string
		valid bool
	}{{DefaultAuditChecklist().Questions, true}, {nil, false}, {[]string{"a", " A "}, false}, {[]string{"  "}, false}} {
		if err := (AuditChecklist{Questions: tc.qs}).Validate(); (err == nil) != tc.valid {
			t.Errorf("checklist %q: %v", tc.qs, err)
		}
	}
}
