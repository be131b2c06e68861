package model

import (
	"slices"
	"strconv"
	"strings"
)

// Score is yes ÷ (yes + no): not-applicable answers and unanswered
// questions count for nothing, so a chart without a procedure is not
// marked down for lacking a consent.
type Score struct {
	Yes, No, NA int
}

// Add counts one answer.
func (s *Score) Add(a AuditAnswer) {
	switch a {
	case AnswerYes:
		s.Yes++
	case AnswerNo:
		s.No++
	case AnswerNA:
		s.NA++
	}
}

// Plus is the sum of two scores.
func (s Score) Plus(o Score) Score { return Score{s.Yes + o.Yes, s.No + o.No, s.NA + o.NA} }

// Percent is the score out of 100, and false when nothing was scored
// (every answer N/A or none given).
func (s Score) Percent() (float64, bool) {
	if s.Yes+s.No == 0 {
		return 0, false
	}
	return 100 * float64(s.Yes) / float64(s.Yes+s.No), true
}

// Shown is the percentage as printed: "85%", or "—" when nothing scored.
func (s Score) Shown() string {
	p, ok := s.Percent()
	if !ok {
		return "—"
	}
	return strconv.Itoa(int(p+0.5)) + "%"
}

// Score is one stay's score.
func (s AuditStay) Score() Score {
	var sc Score
	for _, a := range s.Answers {
		sc.Add(a)
	}
	return sc
}

// LabeledScore is a score under a name (a ward, a question).
type LabeledScore struct {
	Label string
	Stays int // stays counted under the label (by ward); 0 for questions
	Score Score
}

// AuditResult is an audit's score overall, by ward and by question.
type AuditResult struct {
	Overall    Score
	ByWard     []LabeledScore // wards in alphabetical order
	ByQuestion []LabeledScore // in the checklist's order
}

// Result scores an audit.
func (a RecordAudit) Result() AuditResult {
	var r AuditResult
	r.ByQuestion = make([]LabeledScore, len(a.Questions))
	for i, q := range a.Questions {
		r.ByQuestion[i].Label = q
	}
	wardAt := map[string]int{}
	for _, s := range a.Stays {
		key := strings.ToLower(strings.Join(strings.Fields(s.Ward), " "))
		i, ok := wardAt[key]
		if !ok {
			i = len(r.ByWard)
			wardAt[key] = i
			r.ByWard = append(r.ByWard, LabeledScore{Label: strings.Join(strings.Fields(s.Ward), " ")})
		}
		sc := s.Score()
		r.ByWard[i].Stays++
		r.ByWard[i].Score = r.ByWard[i].Score.Plus(sc)
		r.Overall = r.Overall.Plus(sc)
		for q, ans := range s.Answers {
			if q < len(r.ByQuestion) {
				r.ByQuestion[q].Score.Add(ans)
			}
		}
	}
	slices.SortStableFunc(r.ByWard, func(x, y LabeledScore) int {
		return strings.Compare(strings.ToLower(x.Label), strings.ToLower(y.Label))
	})
	return r
}

// QuestionChange is one question compared between two audits. A question
// asked in only one of them has the other side empty (Was/Now unscored).
type QuestionChange struct {
	Question string
	Was, Now Score
}

// Change is the difference in percentage points, and false when either
// side has no score to compare.
func (c QuestionChange) Change() (float64, bool) {
	w, ok1 := c.Was.Percent()
	n, ok2 := c.Now.Percent()
	return n - w, ok1 && ok2
}

// CompareAudits compares an earlier audit with a later one question by
// question, matched on the question's text (ignoring case and spacing):
// the later audit's questions in order, then those only the earlier asked.
func CompareAudits(was, now RecordAudit) []QuestionChange {
	key := func(q string) string { return strings.ToLower(strings.Join(strings.Fields(q), " ")) }
	wr, nr := was.Result(), now.Result()
	out := make([]QuestionChange, 0, len(nr.ByQuestion))
	at := map[string]int{}
	for _, q := range nr.ByQuestion {
		at[key(q.Label)] = len(out)
		out = append(out, QuestionChange{Question: strings.Join(strings.Fields(q.Label), " "), Now: q.Score})
	}
	for _, q := range wr.ByQuestion {
		if i, ok := at[key(q.Label)]; ok {
			out[i].Was = q.Score
			continue
		}
		out = append(out, QuestionChange{Question: q.Label, Was: q.Score})
	}
	return out
}
