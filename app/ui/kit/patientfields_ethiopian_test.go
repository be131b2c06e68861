package kit

import (
	"strings"
	"testing"
	"time"

	"dossier/model"
)

// In a clinic on the Ethiopian calendar the birth date is typed, and shown
// again for editing, in that calendar; it is stored Gregorian.
func TestPatientBirthDateInEthiopianCalendar(t *testing.T) {
	today := time.Date(2024, 9, 20, 0, 0, 0, 0, time.UTC)
	const order = "DMY@ethiopian"
	f := PatientFields{Given: "አበበ", Sex: "Male", Birth: "01/01/1983", Order: order}
	p, errs := f.ToPatient(model.Patient{}, today)
	if len(errs) > 0 || p.BirthDate != (model.Date{Year: 1990, Month: time.September, Day: 11}) {
		t.Fatalf("born %v, %v", p.BirthDate, errs)
	}
	if back := PatientFieldsIn(p, order); back.Birth != "01/01/1983" || back.Order != order {
		t.Errorf("edit form shows %q", back.Birth)
	}
	if plain := PatientFieldsIn(p, "DMY"); plain.Birth != "1990-09-11" || plain.Order != "" {
		t.Errorf("Gregorian clinic's edit form shows %q", plain.Birth)
	}
	f.Birth = "31/01/1983" // Ethiopian months have 30 days
	if _, errs := f.ToPatient(model.Patient{}, today); !strings.Contains(errs["birth"], "03/07/2016") {
		t.Errorf("bad Ethiopian date: %v", errs)
	}
}
