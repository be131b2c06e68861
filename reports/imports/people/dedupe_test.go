package people

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"dossier/model/match"
)

func TestHeaderRecognition(t *testing.T) {
	tests := []struct {
		header string
		want   map[string]string
	}{
		{"rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id",
			map[string]string{"rec_id": "id", "given_name": "given", "surname": "family", "street_number": "street_number",
				"address_1": "address", "suburb": "locality", "postcode": "postcode", "state": "region",
				"date_of_birth": "birth", "soc_sec_id": "national_id"}},
		{"First Name,Last Name,DOB,Gender,Mobile,Village,District,National-ID,MRN",
			map[string]string{"First Name": "given", "Last Name": "family", "DOB": "birth", "Gender": "sex", "Mobile": "phone",
				"Village": "locality", "District": "region", "National-ID": "national_id", "MRN": "id"}},
		{"FORENAME,family_name,Maiden Name,birthdate,sex,telephone,street,town,zip,province,nid",
			map[string]string{"FORENAME": "given", "family_name": "family", "Maiden Name": "other", "birthdate": "birth", "sex": "sex",
				"telephone": "phone", "street": "address", "town": "locality", "zip": "postcode", "province": "region", "nid": "national_id"}},
		{"firstname,lastname,alias,birth_date,phone_number,street_address,city,postal_code,region,ssn,record_id,notes",
			map[string]string{"firstname": "given", "lastname": "family", "alias": "other", "birth_date": "birth", "phone_number": "phone",
				"street_address": "address", "city": "locality", "postal_code": "postcode", "region": "region", "ssn": "national_id",
				"record_id": "id"}},
	}
	for _, tc := range tests {
		tab, _, err := Read(strings.NewReader(tc.header+"\n"), nil, false)
		if err != nil {
			t.Errorf("%s: %v", tc.header, err)
			continue
		}
		if !maps.Equal(tab.Columns, tc.want) {
			t.Errorf("%s:\n got %v\nwant %v", tc.header, tab.Columns, tc.want)
		}
	}
}

func TestParseMapping(t *testing.T) {
	tests := []struct {
		in      string
		want    map[string]string
		wantErr string
	}{
		{"", map[string]string{}, ""},
		{"nombre=given,apellido=family", map[string]string{"nombre": "given", "apellido": "family"}, ""},
		{" Jina la kwanza = given , Kijiji=locality,", map[string]string{"Jina la kwanza": "given", "Kijiji": "locality"}, ""},
		{"cedula=national ID,num=Street-Number,notes=ignore", map[string]string{"cedula": "national_id", "num": "street_number", "notes": "ignore"}, ""},
		{"nombre", nil, "not COLUMN=FIELD"},
		{"=given", nil, "not COLUMN=FIELD"},
		{"nombre=firstname", nil, `"firstname" is not a field`},
		{"a=given,A=family", nil, "mapped twice"},
	}
	for _, tc := range tests {
		got, err := ParseMapping(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParseMapping(%q): error %v, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || !maps.Equal(got, tc.want) {
			t.Errorf("ParseMapping(%q) = %v, %v", tc.in, got, err)
		}
	}
	// A mapped column overrides the header we would recognise.
	tab, _, err := Read(strings.NewReader("nombre,surname,dob\nAna,Mamani,1990\n"), map[string]string{"Nombre": "given", "surname": "ignore", "x": "family"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if p := tab.People[0]; p.Given != "Ana" || p.Family != "" || p.BirthYear != 1990 {
		t.Errorf("mapped: %+v", p)
	}
}

const brokenCSV = `# a register typed by hand
id,given_name,surname,dob
1,Amina,Wanjiru,1988-04-12
2,Baraka,Otieno,31/02/2001
3,Grace,Njeri
4,"Ouma,Peter,1990-01-01
`

func TestReadBroken(t *testing.T) {
	const file = `# a register typed by hand
id,given_name,surname,dob
1,Amina,Wanjiru,1988-04-12
2,Baraka,Otieno,31/02/2001
3,Grace,Njeri

4,Ouma "Pete",Odhiambo,1990-01-01
5,Juma,Hassan,next year
6,Mary,Akinyi,12.3.1975,extra
7,Zawadi,Mushi,1975
`
	tab, broken, err := Read(strings.NewReader(file), nil, false)
	if !errors.Is(err, ErrBroken) || !strings.HasPrefix(err.Error(), "5 ") {
		t.Errorf("err = %v", err)
	}
	if tab.People != nil {
		t.Errorf("a partial table: %+v", tab.People)
	}
	var lines []int
	for _, e := range broken {
		lines = append(lines, e.Line)
	}
	if want := []int{4, 5, 7, 8, 9}; !slices.Equal(lines, want) {
		t.Errorf("broken lines %v, want %v: %v", lines, want, broken)
	}
	for i, want := range []string{"does not exist", "3 values, but the header has 4", "bad quoting", "not a date", "5 values"} {
		if i < len(broken) && !strings.Contains(broken[i].Problem, want) {
			t.Errorf("line %d: %q, want %q", broken[i].Line, broken[i].Problem, want)
		}
	}
	if s := broken[0].String(); !strings.HasPrefix(s, "line 4: date of birth") {
		t.Errorf("String() = %q", s)
	}

	tab, broken, err = Read(strings.NewReader(file), nil, true)
	if err != nil || len(broken) != 5 {
		t.Fatalf("accept broken: %v, %d broken", err, len(broken))
	}
	var ids []string
	for _, p := range tab.People {
		ids = append(ids, p.ID)
	}
	if !slices.Equal(ids, []string{"1", "7"}) || !slices.Equal(tab.Lines, []int{3, 10}) {
		t.Errorf("good rows %v at lines %v", ids, tab.Lines)
	}
	if p := tab.People[1]; p.BirthYear != 1975 || p.BirthMonth != 0 {
		t.Errorf("bare year: %+v", p)
	}
}

func TestReadSeparatorsAndBOM(t *testing.T) {
	want := []match.Person{
		{ID: "line 2", Given: "José", Family: "Pérez García", Sex: 'M', BirthYear: 1970, BirthMonth: 5, BirthDay: 3,
			Phone: "+51 987 654 321", Address: "12 Av. Grau; interior 3", Locality: "Cusco"},
		{ID: "line 3", Given: "Zoë", Family: "Mamani", Sex: 'F', BirthYear: 2001, BirthMonth: 12, BirthDay: 31, Locality: "Puno"},
	}
	files := map[string]string{
		"comma": "given,family,sex,dob,phone,street_number,address,village\n" +
			`José,Pérez García,M,3.5.1970,+51 987 654 321,12,"Av. Grau; interior 3",Cusco` + "\n" +
			"Zoë,Mamani,F,20011231,,,,Puno\n",
		"semicolon": "given;family;sex;dob;phone;street_number;address;village\n" +
			`José;Pérez García;male;03/05/1970;+51 987 654 321;12;"Av. Grau; interior 3";Cusco` + "\n" +
			"Zoë;Mamani;female;2001-12-31;;;;Puno\n",
		"tab": "given\tfamily\tsex\tdob\tphone\tstreet_number\taddress\tvillage\n" +
			"José\tPérez García\tM\t1970-05-03\t+51 987 654 321\t12\tAv. Grau; interior 3\tCusco\n" +
			"Zoë\tMamani\tF\t2001-12-31\t\t\t\tPuno\n",
		"BOM, spaces after commas, CRLF": "\ufeffgiven, family, sex, dob, phone, street_number, address, village\r\n" +
			"José, Pérez García, M, 1970-05-03, +51 987 654 321, 12, \"Av. Grau; interior 3\", Cusco\r\n" +
			"Zoë, Mamani, F, 2001-12-31, , , , Puno\r\n",
	}
	for name, file := range files {
		tab, broken, err := Read(strings.NewReader(file), nil, false)
		if err != nil || len(broken) > 0 {
			t.Errorf("%s: %v %v", name, err, broken)
			continue
		}
		if !reflect.DeepEqual(tab.People, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", name, tab.People, want)
		}
	}
}

func TestReadNoNameColumn(t *testing.T) {
	_, _, err := Read(strings.NewReader("# export\nnombre,apellido,fecha\nAna,Mamani,1990\n"), nil, false)
	if err == nil || !strings.Contains(err.Error(), `"apellido", "fecha", "nombre"`) {
		t.Errorf("err = %v", err)
	}
	for _, empty := range []string{"", "# only a comment\n", "\n\n"} {
		if _, _, err := Read(strings.NewReader(empty), nil, true); err == nil {
			t.Errorf("%q: no error", empty)
		}
	}
}

func TestParseBirth(t *testing.T) {
	tests := []struct {
		in      string
		y, m, d int
		problem string
	}{
		{"19900219", 1990, 2, 19, ""},
		{"1990-02-19", 1990, 2, 19, ""},
		{"19/02/1990", 1990, 2, 19, ""},
		{"9.2.1990", 1990, 2, 9, ""},
		{"1990", 1990, 0, 0, ""},
		{"2000-02-29", 2000, 2, 29, ""},
		{"1900-02-29", 0, 0, 0, "does not exist"},
		{"19901302", 0, 0, 0, "does not exist"},
		{"0/1/1990", 0, 0, 0, "does not exist"},
		{"1700", 0, 0, 0, "impossible"},
		{"2999-01-01", 0, 0, 0, "impossible"},
		{"19 Feb 1990", 0, 0, 0, "not a date"},
		{"1990-2", 0, 0, 0, "not a date"},
		{"about 40", 0, 0, 0, "not a date"},
		{"1990-02-1x", 0, 0, 0, "not a date"},
	}
	for _, tc := range tests {
		y, m, d, problem := parseBirth(tc.in)
		if y != tc.y || m != tc.m || d != tc.d || (tc.problem == "") != (problem == "") || !strings.Contains(problem, tc.problem) {
			t.Errorf("parseBirth(%q) = %d-%d-%d %q", tc.in, y, m, d, problem)
		}
	}
}

func TestFEBRLSlice(t *testing.T) {
	f, err := os.Open("testdata/febrl-200.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tab, broken, err := Read(f, nil, false)
	if err != nil || len(broken) > 0 || len(tab.People) != 200 {
		t.Fatalf("%v, %d broken, %d people", err, len(broken), len(tab.People))
	}
	if p := tab.People[0]; p.ID == "" || tab.Lines[0] != 3 || p.Address == "" || p.NationalID == "" || p.BirthYear == 0 {
		t.Errorf("first person %+v at line %d", p, tab.Lines[0])
	}
	people := make([]match.Prepared, len(tab.People))
	for i, p := range tab.People {
		people[i] = match.Prepare(p)
	}
	pairs, err := match.DefaultModel.Pairs(context.Background(), people, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := WritePairs(&out, tab, tab, pairs); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if lines[0] != "id_a,id_b,score,decision" || len(lines) < 90 {
		t.Fatalf("%d lines, first %q", len(lines), lines[0])
	}
	for _, l := range lines[1:] {
		v := strings.Split(l, ",")
		same := strings.Split(v[0], "-")[1] == strings.Split(v[1], "-")[1]
		if len(v) != 4 || (v[3] == "match" && !same) {
			t.Errorf("pair line %q", l)
		}
	}
}

func TestWritePairs(t *testing.T) {
	a := Table{People: []match.Person{{ID: "a,1"}, {ID: "a2"}}}
	b := Table{People: []match.Person{{ID: "b1"}}}
	var out bytes.Buffer
	err := WritePairs(&out, a, b, []match.Pair{
		{A: 1, B: 0, Comparison: match.Comparison{Score: 21.456}, Decision: match.Match},
		{A: 0, B: 0, Comparison: match.Comparison{Score: 12}, Decision: match.Review},
	})
	if want := "id_a,id_b,score,decision\na2,b1,21.46,match\n\"a,1\",b1,12.00,review\n"; err != nil || out.String() != want {
		t.Errorf("%v\n%s", err, out.String())
	}
	if err := WritePairs(&out, a, b, []match.Pair{{A: 0, B: 1}}); err == nil {
		t.Error("a pair outside the tables is written")
	}
}

// FuzzRead: no input may make Read panic or hang, and what it returns is
// consistent.
func FuzzRead(f *testing.F) {
	f.Add([]byte(brokenCSV), false)
	f.Add([]byte("\ufeffgiven;family;dob\nAna;\"Ma\"\"mani\";1.2.1990\n"), true)
	f.Add([]byte("given\tdob\nx\t2000\n\"y\n"), true)
	f.Add([]byte("rec_id, given_name, surname, date_of_birth\nrec-1-org, ana, , 19900101\n"), false)
	if b, err := os.ReadFile("testdata/febrl-200.csv"); err == nil {
		f.Add(b[:min(len(b), 2000)], false)
	}
	f.Fuzz(func(t *testing.T, data []byte, accept bool) {
		tab, broken, err := Read(bytes.NewReader(data), map[string]string{"x": "given"}, accept)
		if len(tab.People) != len(tab.Lines) {
			t.Fatalf("%d people, %d lines", len(tab.People), len(tab.Lines))
		}
		if err != nil && len(tab.People) > 0 {
			t.Fatalf("people and an error: %v", err)
		}
		for _, e := range broken {
			if e.Line < 1 {
				t.Fatalf("row error at line %d", e.Line)
			}
		}
		if !accept && len(broken) > 0 && err == nil {
			t.Fatal("broken rows without an error")
		}
		for i, p := range tab.People {
			if p.ID == "" || tab.Lines[i] < 1 {
				t.Fatalf("person %d: %+v at line %d", i, p, tab.Lines[i])
			}
			match.Prepare(p)
		}
	})
}
