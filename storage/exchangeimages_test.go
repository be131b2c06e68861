package storage

import (
	"bytes"
	"strings"
	"testing"

	"dossier/model"
	"dossier/model/exchange"
)

// Page images leave only when the export asks, only with release
// authority, never those of a sensitive document, and each patient whose
// images left has a disclosure of images in the trail.
func TestExportWithImagesOnlyWhenAsked(t *testing.T) {
	_, admin, _ := newTestStore(t)
	super := addUser(t, admin, "super1", model.RoleSupervisor)
	p := newPatient(t, super, "Amina")
	doc := model.Document{PatientID: p.ID, Type: model.DocDischarge, Date: model.Date{Year: 2001, Month: 1, Day: 9}}
	if err := super.Documents().Import(&doc, []NewPage{fakePage("p1", 9), fakePage("p2", 9)}); err != nil {
		t.Fatal(err)
	}
	hiv := model.Document{PatientID: p.ID, Type: model.DocLab, Date: model.Date{Year: 2001, Month: 1, Day: 10}, Sensitive: []model.Sensitive{model.SensHIV}}
	if err := super.Documents().Import(&hiv, []NewPage{fakePage("s1", 9)}); err != nil {
		t.Fatal(err)
	}
	export := func(sess *Session, images bool) ([]exchange.PageImage, exchange.ExportSummary, error) {
		var got []exchange.PageImage
		sum, err := sess.Exchange().Export(exchange.Scope{Patient: p.ID, ForWhom: "referral hospital", Where: "test", WithImages: images},
			func(r exchange.PatientRecord) error { got = r.Images; return nil })
		return got, sum, err
	}
	if got, _, err := export(super, false); err != nil || len(got) != 0 {
		t.Fatalf("without asking: %d images, %v", len(got), err)
	}
	if _, _, err := export(admin, true); model.CodeOf(err) != model.Denied {
		t.Fatalf("an administrator exported page images: %v", err)
	}
	got, sum, err := export(super, true)
	if err != nil || len(got) != 2 || sum.Images != 2 || sum.Withheld != 1 {
		t.Fatalf("with images: %d images, %+v, %v", len(got), sum, err)
	}
	if got[0].Document != doc.ID || got[0].Page != 1 || got[1].Page != 2 || got[0].ContentType != "image/jpeg" ||
		!bytes.Equal(got[0].Data, fakePage("p1", 9).Original) {
		t.Fatalf("images %+v", got)
	}
	trail, err := admin.Admin().Audit(model.AuditFilter{}, 200)
	if err != nil {
		t.Fatal(err)
	}
	disclosures := 0
	for _, e := range trail {
		if e.Action == model.ActExport && e.Record == p.ID && strings.Contains(e.Detail, "page images disclosed") {
			disclosures++
			if !strings.Contains(e.Detail, "documents: 1, images: 2") || !strings.Contains(e.Detail, "referral hospital") {
				t.Errorf("disclosure %q", e.Detail)
			}
		}
	}
	if disclosures != 1 {
		t.Fatalf("%d disclosures of images in the trail", disclosures)
	}
}
