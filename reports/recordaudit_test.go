package reports

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"dossier/model"
	"dossier/reports/printed"
)

func TestRecordAuditReport(t *testing.T) {
	from := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	qs := []string{"Admission note present", "Consent present for procedures"}
	y, n, na := model.AnswerYes, model.AnswerNo, model.AnswerNA
	now := model.RecordAudit{From: from, To: from.AddDate(0, 1, 0), Ward: "Female Medical", Asked: 3, Seed: 99, Questions: qs, By: "super1",
		Stays: []model.AuditStay{
			{MRN: "KDH-0000001-1", Ward: "Female Medical", Admitted: from, Answers: []model.AuditAnswer{y, na}},
			{MRN: "KDH-0000002-9", Ward: "Female Medical", Admitted: from, Answers: []model.AuditAnswer{y, n}},
			{MRN: "KDH-0000003-7", Ward: "Female Medical", Admitted: from, Answers: []model.AuditAnswer{n, y}},
		}}
	was := now
	was.From, was.To = from.AddDate(0, -1, 0), from
	was.Stays = []model.AuditStay{{Ward: "Female Medical", Answers: []model.AuditAnswer{n, n}}, {Ward: "Female Medical", Answers: []model.AuditAnswer{y, n}}}
	// In Portuguese (the clinic's language), with accented words long
	// enough to be cut in a column: the cut keeps whole letters.
	var buf bytes.Buffer
	err := WriteRecordAuditReport(&buf, RecordAuditReport{Clinic: model.DefaultClinic("Hospital de Chókwè", "KDH"),
		Audit: now, Earlier: &was, PrintedBy: "super1", PrintedAt: from.AddDate(0, 1, 2), Words: printed.For("pt")})
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(checkPDF(t, buf.Bytes())), " ")
	for _, want := range []string{"Auditoria de processos — Female Medical, de 2026-11-01 a 2026-11-30", "Por pergunta", "Pergunta Sim Não N/A Pontuação Variação",
		"Pontuação global: 60%", "Todas as enfermarias 3 3 2 1 60%", "semente 99", "Internamentos revistos", "Confidencial — impresso por super1 em 2026-12-03"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Portuguese report lacks %q:\n%s", want, text)
		}
	}
	buf.Reset()
	err = WriteRecordAuditReport(&buf, RecordAuditReport{Clinic: model.DefaultClinic("Kasese District Hospital", "KDH"),
		Audit: now, Earlier: &was, PrintedBy: "super1", PrintedAt: from.AddDate(0, 1, 2)})
	if err != nil {
		t.Fatal(err)
	}
	text = strings.Join(strings.Fields(checkPDF(t, buf.Bytes())), " ")
	for _, want := range []string{
		"Record audit — Female Medical, 2026-11-01 to 2026-11-30",
		"Admission note present 2 1 0 67% +17", // 50% the month before
		"Consent present for procedures 1 1 1 50% +50",
		"Overall score: 60%", "All wards 3 3 2 1 60%", "KDH-0000002-9", "seed 99",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q:\n%s", want, text)
		}
	}
	if got := RecordAuditScores(now).Rows; got[len(got)-1][6] != "60%" || got[0][6] != "67%" {
		t.Errorf("scores table %q", got)
	}
}
