package clinical

import (
	"strings"
	"testing"
	"time"

	"dossier/model"
)

func TestStayOf(t *testing.T) {
	e := model.Encounter{Type: model.EncInpatient, Start: june(1, 10, 0), Ward: "Casualty", Bed: "3", AdmittedBy: "Dr Achieng",
		Reason: "fever, vomiting", End: june(9, 11, 0), Disposition: "home", DischargeNote: "review in clinic",
		Transfers: []model.Transfer{{At: june(1, 14, 0), FromWard: "Casualty", ToWard: "Medical", Bed: "12"}, {At: june(3, 2, 30), ToWard: "ICU", Bed: "1", By: "Dr Otieno"}}}
	s := StayOf(e)
	want := withStay(stayed, func(s *Stay) { s.DischargeNote = "review in clinic" })
	if s.Admitted != want.Admitted || s.Ward != want.Ward || s.Bed != want.Bed || s.AdmittedBy != want.AdmittedBy ||
		s.Reason != want.Reason || s.Discharged != want.Discharged || s.Disposition != want.Disposition ||
		s.DischargeNote != want.DischargeNote || len(s.Transfers) != 2 || s.Transfers[1] != want.Transfers[1] {
		t.Fatalf("StayOf = %+v", s)
	}
	if err := s.Validate(now); err != nil {
		t.Fatal(err)
	}
	if s.Open() || s.CurrentWard() != "ICU" {
		t.Errorf("open %v, current ward %q", s.Open(), s.CurrentWard())
	}
	for _, tc := range []struct {
		at   time.Time
		bed  string
		ward string
	}{
		{june(1, 9, 0), "", ""}, {june(1, 10, 0), "3", "Casualty"}, {june(2, 0, 0), "12", "Medical"},
		{june(5, 0, 0), "1", "ICU"}, {june(9, 11, 0), "", ""},
	} {
		if bed, ward := s.BedAt(tc.at), s.WardAt(tc.at); bed != tc.bed || ward != tc.ward {
			t.Errorf("at %s: bed %q ward %q, want %q %q", tc.at.Format(stamp), bed, ward, tc.bed, tc.ward)
		}
	}
}

func TestValidateEncounter(t *testing.T) {
	bare := model.Encounter{PatientID: model.NewID(), Type: model.EncInpatient, Start: june(1, 10, 0), End: june(3, 10, 0)}
	if err := ValidateEncounter(bare, now); err != nil {
		t.Errorf("a bare backdated stay: %v", err)
	}
	bare.Disposition = "escaped"
	if err := ValidateEncounter(bare, now); err == nil || !strings.Contains(err.Error(), "enter the ward") {
		t.Errorf("a stay with its course is a Stay: %v", err)
	}
	if err := ValidateEncounter(model.Encounter{Type: model.EncOutpatient, Start: june(1, 10, 0)}, now); err == nil {
		t.Error("no patient accepted")
	}
}

func TestCheckTransferAndDischarge(t *testing.T) {
	open := withStay(stayed, func(s *Stay) { s.Discharged, s.Disposition = time.Time{}, "" })
	field := func(err error) string {
		f, _ := StayField(err)
		return f
	}
	tests := []struct {
		name  string
		err   error
		field string
		msg   string
	}{
		{"good transfer", open.CheckTransfer(Transfer{At: june(5, 8, 0), ToWard: "Medical"}, now), "", ""},
		{"same ward", open.CheckTransfer(Transfer{At: june(5, 8, 0), ToWard: " icu"}, now), FieldWard, "already in ward ICU"},
		{"no ward", open.CheckTransfer(Transfer{At: june(5, 8, 0)}, now), FieldWard, "enter the ward"},
		{"no time", open.CheckTransfer(Transfer{ToWard: "Medical"}, now), FieldTime, "enter the date and time of the transfer"},
		{"before admission", open.CheckTransfer(Transfer{At: june(1, 9, 0), ToWard: "Medical"}, now), FieldTime, "transfer (2025-06-01 09:00) is before the admission (2025-06-01 10:00)"},
		{"before last", open.CheckTransfer(Transfer{At: june(2, 9, 0), ToWard: "Medical"}, now), FieldTime, "before the last transfer (2025-06-03 02:30, to ICU)"},
		{"future", open.CheckTransfer(Transfer{At: june(15, 11, 0), ToWard: "Medical"}, now), FieldTime, "in the future"},
		{"ended", stayed.CheckTransfer(Transfer{At: june(10, 8, 0), ToWard: "Medical"}, now), FieldStay, "was discharged on 2025-06-09 11:00"},
		{"good discharge", open.CheckDischarge(june(9, 11, 0), DispHome, now), "", ""},
		{"death", open.CheckDischarge(june(3, 4, 0), DispDied, now), "", ""},
		{"death without time", open.CheckDischarge(time.Time{}, DispDied, now), FieldTime, "time of death"},
		{"discharge before admission", open.CheckDischarge(june(1, 9, 0), DispHome, now), FieldTime, "is before the admission"},
		{"discharge before last transfer", open.CheckDischarge(june(3, 1, 0), DispHome, now), FieldTime, "is before the last transfer"},
		{"no disposition", open.CheckDischarge(june(9, 11, 0), "", now), FieldDisposition, "choose how the patient left"},
		{"twice", stayed.CheckDischarge(june(10, 11, 0), DispHome, now), FieldStay, "already discharged"},
		{"admission ok", open.CheckAdmission(now), "", ""},
		{"admission without ward", withStay(open, func(s *Stay) { s.Ward = "" }).CheckAdmission(now), FieldWard, "enter the ward"},
		{"admission in the future", withStay(open, func(s *Stay) { s.Admitted = june(16, 0, 0) }).CheckAdmission(now), FieldTime, "in the future"},
	}
	for _, tc := range tests {
		if tc.msg == "" {
			if tc.err != nil {
				t.Errorf("%s: %v", tc.name, tc.err)
			}
			continue
		}
		if tc.err == nil || field(tc.err) != tc.field || !strings.Contains(tc.err.Error(), tc.msg) {
			t.Errorf("%s: got %v (field %q), want %s: %q", tc.name, tc.err, field(tc.err), tc.field, tc.msg)
		}
	}
}
