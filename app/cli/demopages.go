package cli

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"math/rand/v2"
	"time"

	scanflow "dossier/app/flow/scan"
	"dossier/model"
	"dossier/model/clinical"
	scanin "dossier/reports/imports/scans"
	"dossier/storage"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// demoPage draws a paper chart page as a 150 dpi scan: a heading and
// typed lines in a plain bitmap font, scaled up like a photocopy. lines
// nil gives a blank page with a little scanner noise.
func demoPage(seed uint64, heading string, lines []string) []byte {
	const w, h, scale = 1240, 1754, 3
	small := image.NewGray(image.Rect(0, 0, w/scale, h/scale))
	draw.Draw(small, small.Bounds(), image.NewUniform(color.Gray{Y: 248}), image.Point{}, draw.Src)
	d := font.Drawer{Dst: small, Src: image.NewUniform(color.Gray{Y: 25}), Face: basicfont.Face7x13}
	if heading != "" {
		d.Dot = fixed.P(40, 60)
		d.DrawString(heading)
		d.Dot = fixed.P(41, 60)
		d.DrawString(heading) // a bolder heading, as a typewriter strikes twice
	}
	for i, l := range lines {
		d.Dot = fixed.P(40, 95+i*18)
		d.DrawString(l)
	}
	big := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			big.Pix[y*w+x] = small.Pix[min(y/scale, small.Rect.Dy()-1)*small.Stride+min(x/scale, small.Rect.Dx()-1)]
		}
	}
	r := rand.New(rand.NewPCG(seed, 5))
	for i := 0; i < 400; i++ {
		big.Pix[r.IntN(len(big.Pix))] = uint8(120 + r.IntN(80))
	}
	var buf bytes.Buffer
	jpeg.Encode(&buf, big, &jpeg.Options{Quality: 80})
	return buf.Bytes()
}

// demoPaperwork gives the demo clinic the paper side of records work: a
// box of charts being digitized with pages filed and some still in the
// tray, charts on shelves and out on the wards, and specimens at the lab.
// It works as the records supervisor, as a clinic would.
func demoPaperwork(s *storage.Store, pw string, ds []model.Patient, today time.Time) error {
	sess, err := s.SignIn("super1", pw)
	if err != nil {
		return err
	}
	defer sess.Lock(model.ActSignOut)
	batch := model.Batch{Label: "Box 1", Origin: "File room shelf A, charts from 2015–2017", Charts: 40}
	if err := sess.Batches().Create(&batch); err != nil {
		return err
	}
	type doc struct {
		p     model.Patient
		typ   model.DocType
		lines []string
	}
	var docs []doc
	for i, p := range ds[:min(3, len(ds))] {
		docs = append(docs,
			doc{p, model.DocDischarge, []string{"Patient: " + p.DisplayName(), "MRN: " + p.MRN, "Admitted: 2016-03-0" + fmt.Sprint(i+2) + "  Ward: Female med.",
				"Diagnosis: severe P. falciparum malaria", "           with anaemia", "Treatment: IV artesunate, transfusion", "Home on oral ACT. Review in 2 weeks.", "", "Signed: Dr. Achieng"}},
			doc{p, model.DocLab, []string{"Patient: " + p.DisplayName(), "MRN: " + p.MRN, "Haemoglobin 6.8 g/dL (12.0-15.5) LOW", "Malaria RDT  positive", "Blood slide  P. falciparum ++", "", "Lab technician: O. Musa"}})
	}
	var files []scanin.Input
	for i, d := range docs {
		files = append(files, scanin.Input{Name: fmt.Sprintf("box1-%02d.jpg", i+1), Data: demoPage(uint64(i), map[model.DocType]string{model.DocDischarge: "DISCHARGE SUMMARY", model.DocLab: "LABORATORY REPORT"}[d.typ], d.lines)})
	}
	files = append(files,
		scanin.Input{Name: "box1-07.jpg", Data: demoPage(7, "CASE NOTE", []string{"Outpatients. Cough 3 weeks, night sweats.", "Plan: sputum GeneXpert, review with result."})},
		scanin.Input{Name: "box1-08.jpg", Data: demoPage(8, "", nil)},
		scanin.Input{Name: "box1-09.jpg", Data: demoPage(9, "REFERRAL LETTER", []string{"To: District Hospital, surgical clinic", "Reason: inguinal hernia repair"})})
	if _, err := scanflow.Import(context.Background(), sess, batch.ID, files, nil); err != nil {
		return err
	}
	tray, err := sess.Pages().Unfiled(false)
	if err != nil {
		return err
	}
	var docIDs []model.ID
	for i, d := range docs {
		fd := model.Document{PatientID: d.p.ID, Type: d.typ, Date: model.Date{Year: 2016, Month: 3, Day: 2 + i/2}, BatchID: batch.ID,
			Pages: []model.ID{tray[i].ID}}
		if err := sess.Documents().File(&fd); err != nil {
			return err
		}
		docIDs = append(docIDs, fd.ID)
	}
	// The first patient's lab report is keyed, so the chart shows a result
	// flagged low; an allergy and a significant problem reach the banner.
	labDoc := docIDs[1]
	if _, err := sess.Transcripts().Save(labDoc, nil, clinical.Entry{"test": "hb", "value": "6.8", "unit": "g/dL",
		"ref_range": "12.0-15.5", "collected": "02/03/2016 09:00", "reported": "02/03/2016", "lab": "Kasese DH laboratory"}); err != nil {
		return fmt.Errorf("demo keying: %w", err)
	}
	if err := sess.Clinical().AddAllergy(&clinical.AllergyEntry{PatientID: ds[0].ID, Source: "discharge summary 2016-03-02",
		Allergy: clinical.Allergy{Substance: "Sulfadoxine-pyrimethamine", Reaction: "rash", Severity: clinical.SeverityModerate}}); err != nil {
		return err
	}
	if err := sess.Clinical().SaveProblem(&clinical.ProblemEntry{PatientID: ds[0].ID, Problem: clinical.Problem{Text: "Sickle cell disease",
		Code: "D57.1", Status: clinical.ProblemActive, Significant: true}}, ""); err != nil {
		return err
	}
	if _, err := sess.Batches().Advance(batch.ID, model.StageScanned, "first shelf"); err != nil {
		return err
	}
	if len(ds) > 0 {
		if err := demoRelease(sess, ds[0], today); err != nil {
			return err
		}
	}
	for i, p := range ds[:min(60, len(ds))] {
		shelf := fmt.Sprintf("Room 1 · Shelf %c-%d", 'A'+rune(i%4), 1+i%6)
		if _, err := sess.ChartFiles().Shelve(p.ID, shelf, ""); err != nil {
			return err
		}
	}
	for i, ward := range []string{"Female medical ward", "Maternity", "Dr. Achieng (outpatients)"} {
		if i >= len(ds) {
			break
		}
		if _, err := sess.ChartFiles().CheckOut(ds[i].ID, ward, model.DateOf(today.AddDate(0, 0, 1+i)), "ward round"); err != nil {
			return err
		}
	}
	for i, p := range ds[:min(6, len(ds))] {
		sp := model.Specimen{PatientID: p.ID, Type: []string{"Blood", "Sputum", "Urine"}[i%3],
			Tests:     []string{"FBC, malaria slide", "GeneXpert MTB/RIF", "Urinalysis"}[i%3],
			Collected: today.Add(-time.Duration(i*40+2) * time.Hour), Lab: "District hospital laboratory"}
		if err := sess.Specimens().Log(&sp); err != nil {
			return err
		}
		if i%3 == 0 {
			if _, err := sess.Specimens().SetOutcome(sp.ID, model.SpecimenResulted, "result filed in the chart"); err != nil {
				return err
			}
		}
	}
	return nil
}

// demoRelease files a signed authorization for the first patient and
// opens two requests for their records: an insurer's, being prepared, and
// the patient's own.
func demoRelease(sess *storage.Session, p model.Patient, today time.Time) error {
	form := model.Document{PatientID: p.ID, Type: model.DocConsent, Date: model.DateOf(today.AddDate(0, 0, -3)), Title: "Authorization to release"}
	img := demoPage(42, "AUTHORIZATION TO RELEASE RECORDS", []string{"I, " + p.DisplayName() + ", MRN " + p.MRN + ",",
		"authorize Kasese District Hospital to release", "my discharge summaries and lab results", "to Jubilee Insurance for my claim.",
		"Valid for one year.", "", "Signed: ____________  Date: " + model.DateOf(today.AddDate(0, 0, -3)).String()})
	pages, _, err := scanin.ReadFiles(context.Background(), []scanin.Input{{Name: "authorization.jpg", Data: img}}, scanin.Options{})
	if err != nil || len(pages) != 1 {
		return fmt.Errorf("demo authorization page: %v", err)
	}
	pg := pages[0]
	if err := sess.Documents().Import(&form, []storage.NewPage{{Source: pg.Source, Format: pg.Format, Original: pg.Original,
		Display: pg.Display, Thumb: pg.Thumb, Width: pg.Width, Height: pg.Height, DPI: pg.DPI, Ink: pg.Ink}}); err != nil {
		return err
	}
	auth := model.Authorization{PatientID: p.ID, Signer: p.DisplayName(), Relationship: "self", Recipient: "Jubilee Insurance",
		Purpose: "insurance claim", DocTypes: []model.DocType{model.DocDischarge, model.DocLab},
		Signed: form.Date, Expires: model.DateOf(today.AddDate(1, 0, -3)), DocumentID: form.ID}
	if err := sess.Release().Authorize(&auth); err != nil {
		return err
	}
	insurer := model.Request{PatientID: p.ID, Requester: model.ReqInsurer, Name: "Jubilee Insurance", Address: "Plot 14, Parliament Avenue, Kampala",
		Purpose: "insurance claim", DocTypes: []model.DocType{model.DocDischarge, model.DocLab}, AuthorizationID: auth.ID}
	if err := sess.Release().CreateRequest(&insurer); err != nil {
		return err
	}
	for _, s := range []model.RequestStatus{model.ReqChecked, model.ReqPreparing} {
		if _, err := sess.Release().Move(insurer.ID, s, ""); err != nil {
			return err
		}
	}
	own := model.Request{PatientID: p.ID, Requester: model.ReqPatient, Name: p.DisplayName(), Purpose: "own copy for a specialist visit"}
	return sess.Release().CreateRequest(&own)
}
