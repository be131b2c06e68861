package stats

import (
	"math"
	"sort"
	"testing"
	"time"

	"dossier/model"
)

// The hand-worked fixture: November 2026 (30 days, UTC), three wards with
// beds, a ward name typed before the ward list existed, fifteen stays and
// nine visits. Every figure below is worked out by hand in the comments;
// the test checks the engine against them.
//
// Wards
//
//	MED  medical: 10 beds, 12 from 16 Nov (a change mid-month)
//	     bed days = 15×10 + 15×12 = 330
//	SUR  surgical: 8 beds, 2 closed 1–10 Nov: 30×8 − 10×2 = 220
//	MAT  maternity: 6 beds and 4 bassinets: 180 bed days, 120 bassinet days
//	     facility bed days = 330 + 220 + 180 = 730 (newborns: 120)
//	"medical ward" (typed on S13) is mapped to MED; "Annex" is unknown.
//
// Stays (service days are the midnights in November, or 1 for a same-day
// stay; LOS = discharge day − admission day, 1 for a same-day stay)
//
//	S1  MED 3 Nov 10:00 → 7 Nov home            SD MED 4 (3,4,5,6)   LOS 4
//	S2  MED 10 Nov 08:00 → 10 Nov 17:00 home    SD MED 1 (same day)  LOS 1
//	S3  MED 28 Oct → 2 Nov home                 SD MED 1 (1 Nov)     LOS 5 (admitted in October)
//	S4  MED 5 Nov → SUR 8 Nov → 12 Nov referred SD MED 3 (5,6,7), SUR 4 (8,9,10,11), LOS 7 on SUR;
//	    a coded procedure; transfer out MED 1, in SUR 1
//	S5  MED 20 Nov 22:00 → died 21 Nov 20:00    SD MED 1, LOS 1, death under 48 h (22 h), cause I21
//	S6  SUR 14 Nov 06:00 → died 19 Nov 06:00    SD SUR 5, LOS 5, coded procedure: post-op death, cause K35
//	S7  MED 25 Nov, still in                    SD MED 6 (25–30), in at the end
//	S8  MAT 9 Nov → 11 Nov home, O80 Z37.0      SD MAT 2, LOS 2, normal delivery, 1 live birth
//	S9  MAT newborn born 9 Nov, 9 Nov → 11 Nov  SD MAT newborn 2, LOS 2
//	S10 MAT 15 Nov → 19 Nov, O82.0 Z37.0 10D00Z1 SD MAT 4, LOS 4, caesarean, 1 live birth, operated
//	S11 MAT 22 Nov → 23 Nov, O81 Z37.1          SD MAT 1, LOS 1, assisted, 1 stillbirth
//	S12 MED 1 Oct → 5 Oct                       nothing in November
//	S13 "Medical Ward" 29 Nov, still in         SD MED 2 (29, 30), in at the end
//	S14 "Annex" 1 Nov → 3 Nov left against advice SD Annex 2, LOS 2
//	S15 MAT 26 Nov 10:00 → died 28 Nov 10:00, O72.1 SD MAT 2, LOS 2, death at 48 h (not under),
//	    a maternal death, cause O72
//
// MED: admissions 6 (S1 S2 S4 S5 S7 S13); transfers out 1; SD 4+1+1+3+1+6+2 = 18;
// discharges 4 (S1 S2 S3 home, S5 died); discharge days 4+1+5+1 = 11; deaths 1,
// under 48 h 1; in at the end 2; beds 330/30 = 11; ADC 18/30 = 0.6;
// occupancy 18/330 = 5.4545 %; ALOS 11/4 = 2.75; turnover rate 4/11 = 0.3636;
// turnover interval (330−18)/4 = 78; gross death 1/4 = 25 %; net (1−1)/(4−1) = 0 %.
//
// SUR: admissions 1; transfers in 1; SD 4+5 = 9; discharges 2 (referred,
// died); discharge days 7+5 = 12; deaths 1; post-op deaths 1; operated 2;
// beds 220/30 = 7.333; ADC 0.3; occupancy 9/220 = 4.0909 %; ALOS 6;
// turnover rate 2/7.333 = 0.27273; interval (220−9)/2 = 105.5; gross 50 %;
// net 1/2 = 50 %; post-op 1/2 = 50 %.
//
// MAT (not newborns): admissions 4; SD 2+4+1+2 = 9; discharges 4; discharge
// days 2+4+1+2 = 9; deaths 1; operated 1; beds 6; ADC 0.3; occupancy
// 9/180 = 5 %; ALOS 2.25; turnover 4/6 = 0.6667; interval (180−9)/4 = 42.75;
// gross 25 %; net 1/4 = 25 %; post-op 0/1 = 0 %.
// MAT newborns: admissions 1, SD 2, discharges 1, discharge days 2,
// bassinet days 120, 4 bassinets, occupancy 2/120 = 1.6667 %.
//
// Facility (not newborns): admissions 6+1+4+1 = 12; SD 18+9+9+2 = 38;
// discharges 4+2+4+1 = 11; discharge days 11+12+9+2 = 34; deaths 3, under
// 48 h 1, post-op 1, operated 3; bed days 730, beds 24.333; ADC 38/30 =
// 1.26667; occupancy 38/730 = 5.2055 %; ALOS 34/11 = 3.0909; turnover
// 11/24.333 = 0.45205; interval (730−38)/11 = 62.909; gross 3/11 = 27.273 %;
// net 2/10 = 20 %; post-op 1/3 = 33.333 %.
//
// Maternity: deliveries 3 (S8 normal, S10 caesarean, S11 assisted); live
// births 2; stillbirths 1; caesarean rate 33.333 %; maternal deaths 1 (S15).
//
// Visits (outpatient, "new" = first this calendar year unless NewEver)
//
//	V1 F born 2026-06-01, 2 Nov, <1, new (year and ever), J06.9
//	V2 same patient 20 Nov, repeat, J06.9
//	V3 M born 2023-01-15, 4 Nov, 1-4, new this year (not ever), A00.1 (cholera)
//	V4 F born 2016-11-10, 5 Nov, age 9: 5-14, repeat, J06.9
//	V5 M born 1990-03-03, 6 Nov, 15-49, new (ever), A00.9 (cholera)
//	V6 F born 1960-12-01, 7 Nov, age 65: 50+, new (ever), I10
//	V7 U no birth date, 8 Nov emergency, unknown age, new (ever), no code
//	V8 M (V5's patient) 21 Nov, repeat, B05.9 (measles)
//	V9 30 Oct: not in November
//
// OPD new 5 (F 2, M 2, U 1; <1 1), repeat 3 (F 2, M 1); with "ever": new 4,
// repeat 4. Cholera: week 2–8 Nov 2 cases (threshold 1: alert); measles
// week 16–22 Nov 1 case.
//
// Morbidity (principal diagnoses of visits in November and stays
// discharged in November; S7 and S13 are open and not counted):
// J06 3; A00 2, A09 2 (S2, S14), J18 2 (S1, S3), K35 2 (S4, S6); B05, I10,
// I21, O80, O82, O81, O72, Z38 1 each. Top 3 categories: J06 3, A00 2,
// A09 2 (ties by code). By chapter: I (A00 2 + A09 2 + B05 1) 5, X (J06 3 +
// J18 2) 5, XV (O80 O82 O81 O72) 4.
// Deaths by cause: I21 1, K35 1, O72 1.

var nov = time.UTC

func at(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

func day(s string) time.Time { return at(s + " 00:00") }

func date(s string) model.Date { return model.DateOf(day(s)) }

func fixtureSettings() model.StatSettings {
	return model.StatSettings{
		Wards: []model.Ward{
			{ID: "MED", Name: "Medical", Type: model.WardMedical, Beds: []model.BedChange{
				{From: date("2026-01-01"), Beds: 10}, {From: date("2026-11-16"), Beds: 12}}},
			{ID: "SUR", Name: "Surgical", Type: model.WardSurgical, Beds: []model.BedChange{{From: date("2026-01-01"), Beds: 8}},
				Closures: []model.Closure{{From: date("2026-11-01"), To: date("2026-11-10"), Beds: 2, Reason: "roof"}}},
			{ID: "MAT", Name: "Maternity", Type: model.WardMaternity, Beds: []model.BedChange{{From: date("2026-01-01"), Beds: 6, Bassinets: 4}}},
		},
		WardNames:  map[string]string{"medical ward": "MED"},
		Notifiable: model.DefaultNotifiable,
	}
}

func fixtureSetup() Setup {
	s := fixtureSettings()
	return Setup{Wards: s.Wards, WardOf: func(typed string) string {
		if w, ok := s.WardFor(typed); ok {
			return w.ID
		}
		return typed
	}, TopN: 3, Notifiable: s.Notifiable}
}

var ids = map[string]model.ID{}

func id(name string) model.ID {
	if x, ok := ids[name]; ok {
		return x
	}
	x := model.NewID()
	ids[name] = x
	return x
}

func dx(codes ...string) []Code {
	var out []Code
	for i, c := range codes {
		out = append(out, Code{Code: Compact(c), Principal: i == 0})
	}
	return out
}

func proc(cs []Code, code string) []Code { return append(cs, Code{Code: code, Proc: true}) }

func stay(name, ward, start, end, disp string, codes []Code, moves ...Move) Encounter {
	e := Encounter{ID: id(name), Patient: id("P" + name), Type: model.EncInpatient, Sex: "F",
		Birth: day("1980-01-01"), Start: at(start), Ward: ward, Disposition: disp, Codes: codes, Moves: moves}
	if end != "" {
		e.End = at(end)
	}
	return e
}

func visit(name, patient, sex, birth, when string, newYear, newEver bool, codes []Code) Encounter {
	e := Encounter{ID: id(name), Patient: id(patient), Type: model.EncOutpatient, Sex: sex, Start: at(when),
		NewYear: newYear, NewEver: newEver, Codes: codes}
	if birth != "" {
		e.Birth = day(birth)
	}
	return e
}

func fixture() []Encounter {
	s9 := stay("S9", "MAT", "2026-11-09 05:00", "2026-11-11 10:00", "home", dx("Z38.0"))
	s9.Birth = day("2026-11-09")
	v7 := visit("V7", "P25", "U", "", "2026-11-08 11:00", true, true, nil)
	v7.Type = model.EncEmergency
	return []Encounter{
		stay("S1", "MED", "2026-11-03 10:00", "2026-11-07 12:00", "home", dx("J18.9")),
		stay("S2", "MED", "2026-11-10 08:00", "2026-11-10 17:00", "home", dx("A09")),
		stay("S3", "MED", "2026-10-28 14:00", "2026-11-02 09:00", "home", dx("J18.9")),
		stay("S4", "MED", "2026-11-05 09:00", "2026-11-12 10:00", "referred", proc(dx("K35.8"), "0DTJ4ZZ"),
			Move{At: at("2026-11-08 15:00"), To: "SUR"}),
		stay("S5", "MED", "2026-11-20 22:00", "2026-11-21 20:00", "died", dx("I21.9")),
		stay("S6", "SUR", "2026-11-14 06:00", "2026-11-19 06:00", "died", proc(dx("K35.8"), "0DTJ4ZZ")),
		stay("S7", "MED", "2026-11-25 12:00", "", "", dx("J18.9")),
		stay("S8", "MAT", "2026-11-09 04:00", "2026-11-11 10:00", "home", dx("O80", "Z37.0")),
		s9,
		stay("S10", "MAT", "2026-11-15 08:00", "2026-11-19 09:00", "home", proc(dx("O82.0", "Z37.0"), "10D00Z1")),
		stay("S11", "MAT", "2026-11-22 02:00", "2026-11-23 12:00", "home", dx("O81", "Z37.1")),
		stay("S12", "MED", "2026-10-01 10:00", "2026-10-05 10:00", "home", dx("J18.9")),
		stay("S13", "Medical  Ward", "2026-11-29 09:00", "", "", nil),
		stay("S14", "Annex", "2026-11-01 10:00", "2026-11-03 10:00", "left-against-advice", dx("A09")),
		stay("S15", "MAT", "2026-11-26 10:00", "2026-11-28 10:00", "died", dx("O72.1")),
		visit("V1", "P20", "F", "2026-06-01", "2026-11-02 09:00", true, true, dx("J06.9")),
		visit("V2", "P20", "F", "2026-06-01", "2026-11-20 09:00", false, false, dx("J06.9")),
		visit("V3", "P21", "M", "2023-01-15", "2026-11-04 09:00", true, false, dx("A00.1")),
		visit("V4", "P22", "F", "2016-11-10", "2026-11-05 09:00", false, false, dx("J06.9")),
		visit("V5", "P23", "M", "1990-03-03", "2026-11-06 09:00", true, true, dx("A00.9")),
		visit("V6", "P24", "F", "1960-12-01", "2026-11-07 09:00", true, true, dx("I10")),
		v7,
		visit("V8", "P23", "M", "1990-03-03", "2026-11-21 09:00", false, false, dx("B05.9")),
		visit("V9", "P26", "F", "1990-03-03", "2026-10-30 09:00", true, true, dx("J06.9")),
	}
}

func TestFixtureFigures(t *testing.T) {
	f := Compute(fixture(), Month(2026, time.November, nov), fixtureSetup())
	k := func(fig, ward string) Key { return Key{Figure: fig, Ward: ward} }
	nb := func(fig, ward string) Key { return Key{Figure: fig, Ward: ward, Age: AgeNewborn} }
	want := map[Key]float64{
		k(FigAdmissions, "MED"): 6, k(FigTransfersOut, "MED"): 1, k(FigTransfersIn, "MED"): 0,
		k(FigServiceDays, "MED"): 18, k(FigDischarges, "MED"): 4, {Figure: FigDischarges, Ward: "MED", Extra: "home"}: 3,
		{Figure: FigDischarges, Ward: "MED", Extra: "died"}: 1, k(FigDischargeDays, "MED"): 11, k(FigDeaths, "MED"): 1,
		k(FigDeathsUnder48h, "MED"): 1, k(FigPatientsAtMidnight, "MED"): 2, k(FigBedDaysAvailable, "MED"): 330,
		k(FigBeds, "MED"): 11, k(FigAvgDailyCensus, "MED"): 0.6, k(FigBedOccupancyRate, "MED"): 18.0 / 330 * 100,
		k(FigAvgLengthOfStay, "MED"): 2.75, k(FigBedTurnoverRate, "MED"): 4.0 / 11, k(FigTurnoverInterval, "MED"): 78,
		k(FigGrossDeathRate, "MED"): 25, k(FigNetDeathRate, "MED"): 0,

		k(FigAdmissions, "SUR"): 1, k(FigTransfersIn, "SUR"): 1, k(FigServiceDays, "SUR"): 9, k(FigDischarges, "SUR"): 2,
		{Figure: FigDischarges, Ward: "SUR", Extra: "referred"}: 1, k(FigDischargeDays, "SUR"): 12, k(FigDeaths, "SUR"): 1,
		k(FigPostopDeaths, "SUR"): 1, k(FigOperatedDischarges, "SUR"): 2, k(FigBedDaysAvailable, "SUR"): 220,
		k(FigBedOccupancyRate, "SUR"): 9.0 / 220 * 100, k(FigAvgLengthOfStay, "SUR"): 6, k(FigBedTurnoverRate, "SUR"): 2 / (220.0 / 30),
		k(FigTurnoverInterval, "SUR"): 105.5, k(FigGrossDeathRate, "SUR"): 50, k(FigNetDeathRate, "SUR"): 50,
		k(FigPostopDeathRate, "SUR"): 50,

		k(FigAdmissions, "MAT"): 4, k(FigServiceDays, "MAT"): 9, k(FigDischarges, "MAT"): 4, k(FigDischargeDays, "MAT"): 9,
		k(FigDeaths, "MAT"): 1, k(FigBeds, "MAT"): 6, k(FigBedOccupancyRate, "MAT"): 5, k(FigAvgLengthOfStay, "MAT"): 2.25,
		k(FigBedTurnoverRate, "MAT"): 4.0 / 6, k(FigTurnoverInterval, "MAT"): 42.75, k(FigNetDeathRate, "MAT"): 25,
		k(FigPostopDeathRate, "MAT"): 0,
		nb(FigAdmissions, "MAT"):     1, nb(FigServiceDays, "MAT"): 2, nb(FigDischarges, "MAT"): 1, nb(FigDischargeDays, "MAT"): 2,
		nb(FigBedDaysAvailable, "MAT"): 120, nb(FigBeds, "MAT"): 4, nb(FigBedOccupancyRate, "MAT"): 2.0 / 120 * 100,

		k(FigAdmissions, "Annex"): 1, k(FigServiceDays, "Annex"): 2, {Figure: FigDischarges, Ward: "Annex", Extra: "left-against-advice"}: 1,

		k(FigAdmissions, ""): 12, k(FigTransfersIn, ""): 1, k(FigTransfersOut, ""): 1, k(FigServiceDays, ""): 38,
		k(FigDischarges, ""): 11, k(FigDischargeDays, ""): 34, k(FigDeaths, ""): 3, k(FigDeathsUnder48h, ""): 1,
		k(FigPostopDeaths, ""): 1, k(FigOperatedDischarges, ""): 3, k(FigBedDaysAvailable, ""): 730, k(FigBeds, ""): 730.0 / 30,
		k(FigAvgDailyCensus, ""): 38.0 / 30, k(FigBedOccupancyRate, ""): 38.0 / 730 * 100, k(FigAvgLengthOfStay, ""): 34.0 / 11,
		k(FigBedTurnoverRate, ""): 11 / (730.0 / 30), k(FigTurnoverInterval, ""): 692.0 / 11, k(FigGrossDeathRate, ""): 300.0 / 11,
		k(FigNetDeathRate, ""): 20, k(FigPostopDeathRate, ""): 100.0 / 3, k(FigPatientsAtMidnight, ""): 2,

		{Figure: FigDeliveries}: 3, {Figure: FigDeliveries, Extra: "normal"}: 1, {Figure: FigDeliveries, Extra: "caesarean"}: 1,
		{Figure: FigDeliveries, Extra: "assisted"}: 1, {Figure: FigLiveBirths}: 2, {Figure: FigStillbirths}: 1,
		{Figure: FigCaesareanRate}: 100.0 / 3, {Figure: FigMaternalDeaths}: 1,

		{Figure: FigOPDNew}: 5, {Figure: FigOPDNew, Sex: "F"}: 2, {Figure: FigOPDNew, Sex: "M"}: 2, {Figure: FigOPDNew, Sex: "U"}: 1,
		{Figure: FigOPDNew, Age: "<1"}: 1, {Figure: FigOPDNew, Sex: "U", Age: AgeUnknown}: 1, {Figure: FigOPDRepeat}: 3,
		{Figure: FigOPDRepeat, Sex: "F"}: 2, {Figure: FigOPDRepeat, Sex: "F", Age: "5-14"}: 1, {Figure: FigOPDRepeat, Sex: "M", Age: "15-49"}: 1,
		{Figure: FigOPDNew, Sex: "F", Age: "50+"}: 1, {Figure: FigAttendances}: 8,

		{Figure: FigDiagnoses, Extra: "J06"}: 3, {Figure: FigDiagnoses, Extra: "A00"}: 2, {Figure: FigDiagnoses, Extra: "A09"}: 2,
		{Figure: FigDiagnoses, Extra: "J06", Sex: "F", Age: "<1"}: 2,
		{Figure: FigDeathsByCause, Extra: "I21"}:                  1, {Figure: FigDeathsByCause, Extra: "K35"}: 1, {Figure: FigDeathsByCause, Extra: "O72"}: 1,
		{Figure: FigNotifiableCases, Extra: "A00"}: 2, {Figure: FigNotifiableCases, Extra: "B05"}: 1, {Figure: FigNotifiableCases, Extra: "A39"}: 0,
	}
	for key, w := range want {
		got, ok := f.Get(key)
		if !ok || math.Abs(got-w) > 1e-9 {
			t.Errorf("%s = %v (computed %v), want %v", key, got, ok, w)
		}
	}
	for _, absent := range []Key{{Figure: FigDiagnoses, Extra: "J18"}, {Figure: FigDiagnoses, Extra: "K35"},
		k(FigPostopDeathRate, "MED"), k(FigBedOccupancyRate, "Annex")} {
		if v, ok := f.Get(absent); ok {
			t.Errorf("%s = %v, want it absent", absent, v)
		}
	}
}

func TestFixtureVariants(t *testing.T) {
	p := Month(2026, time.November, nov)
	s := fixtureSetup()
	s.NewEver, s.TopBy = true, ByChapter
	f := Compute(fixture(), p, s)
	for key, w := range map[Key]float64{
		{Figure: FigOPDNew}: 4, {Figure: FigOPDRepeat}: 4,
		{Figure: FigDiagnoses, Extra: "I"}: 5, {Figure: FigDiagnoses, Extra: "X"}: 5, {Figure: FigDiagnoses, Extra: "XV"}: 4,
	} {
		if got := f[key]; got != w {
			t.Errorf("ever/chapter: %s = %v, want %v", key, got, w)
		}
	}
	if _, ok := f[Key{Figure: FigDiagnoses, Extra: "IX"}]; ok {
		t.Error("chapter IX is fourth: it should not be in the top 3")
	}
	s = fixtureSetup()
	s.Ward = "SUR"
	for key := range Compute(fixture(), p, s) {
		if key.Ward != "SUR" {
			t.Fatalf("ward filter SUR let %s through", key)
		}
	}
	// 10 Nov as a day: on MED only the same-day stay S2 (S1 left on the
	// 7th, S4 moved to SUR on the 8th): 1 admission, 1 service day; on
	// SUR S4 is in at midnight: 1.
	d := Compute(fixture(), Day(at("2026-11-10 00:00")), fixtureSetup())
	for key, w := range map[Key]float64{{Figure: FigAdmissions, Ward: "MED"}: 1, {Figure: FigServiceDays, Ward: "MED"}: 1,
		{Figure: FigServiceDays, Ward: "SUR"}: 1, {Figure: FigBedDaysAvailable, Ward: "SUR"}: 6, {Figure: FigBedDaysAvailable, Ward: "MED"}: 10} {
		if d[key] != w {
			t.Errorf("10 Nov: %s = %v, want %v", key, d[key], w)
		}
	}
}

func TestFixtureMembers(t *testing.T) {
	p := Month(2026, time.November, nov)
	names := map[model.ID]string{}
	for n, x := range ids {
		names[x] = n
	}
	list := func(k Key) []string {
		var out []string
		for _, m := range Members(fixture(), p, fixtureSetup(), k) {
			out = append(out, names[m.Encounter])
		}
		sort.Strings(out)
		return out
	}
	for _, c := range []struct {
		k    Key
		want []string
	}{
		{Key{Figure: FigServiceDays, Ward: "MED"}, []string{"S1", "S13", "S2", "S3", "S4", "S5", "S7"}},
		{Key{Figure: FigBedOccupancyRate, Ward: "SUR"}, []string{"S4", "S6"}},
		{Key{Figure: FigNetDeathRate}, []string{"S15", "S5", "S6"}},
		{Key{Figure: FigCaesareanRate}, []string{"S10"}},
		{Key{Figure: FigOPDNew, Sex: "M"}, []string{"V3", "V5"}},
		{Key{Figure: FigNotifiableCases, Extra: "A00"}, []string{"V3", "V5"}},
		{Key{Figure: FigPatientsAtMidnight, Ward: "MED"}, []string{"S13", "S7"}},
	} {
		got := list(c.k)
		if len(got) != len(c.want) {
			t.Errorf("members of %s = %v, want %v", c.k, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("members of %s = %v, want %v", c.k, got, c.want)
				break
			}
		}
	}
}

func TestFixtureWeekly(t *testing.T) {
	weeks := []Period{Week(at("2026-11-04 12:00")), Week(at("2026-11-18 12:00"))}
	got := Weekly(fixture(), model.DefaultNotifiable, weeks)
	if weeks[0].From != day("2026-11-02") || weeks[0].To != day("2026-11-08") {
		t.Fatalf("week of 4 Nov = %v..%v, want 2..8 Nov", weeks[0].From, weeks[0].To)
	}
	if c := got[0][0]; c.Disease.Name != "Cholera" || c.Cases != 2 || !c.Alert {
		t.Errorf("cholera week 1 = %+v, want 2 cases and an alert", c)
	}
	if c := got[1][1]; c.Disease.Name != "Measles" || c.Cases != 1 || !c.Alert {
		t.Errorf("measles week 3 = %+v, want 1 case and an alert", c)
	}
	if c := got[0][1]; c.Cases != 0 || c.Alert {
		t.Errorf("cholera week 3 = %+v, want none", c)
	}
}
