package cli

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// runDedupeOn writes the files to a temporary folder and runs the command
// with args, where FILE1 and FILE2 stand for the files.
func runDedupeOn(t *testing.T, files []string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	dir := t.TempDir()
	for i, content := range files {
		name := filepath.Join(dir, "list"+string(rune('1'+i))+".csv")
		if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		for j, a := range args {
			args[j] = strings.ReplaceAll(a, "FILE"+string(rune('1'+i)), name)
		}
	}
	var out, errOut bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	err = runDedupe(env, &globals{db: filepath.Join(dir, "no-store-here.dossier")}, args)
	if _, statErr := os.Stat(filepath.Join(dir, "no-store-here.dossier")); statErr == nil {
		t.Error("dedupe created a store")
	}
	return out.String(), errOut.String(), err
}

const register = `# village register, typed from the paper book
MRN,First name,Surname,Sex,DOB,Mobile,Village,National ID
K-1,Amina,Wanjiru,F,12/04/1988,0712 345 678,Githunguri,12345678
K-2,Baraka,Otieno,M,2015-09-30,,Limuru,
K-3,Amina,Wanjriu,F,1988-04-12,+254 712 345 678,Githunguri,
K-4,Grace,Njeri,F,2001,,Kiambu,
K-5,Otieno,Baraka,M,30.9.2015,,Limuru,
K-6,John,Mwangi,M,1975-03-02,,Limuru,98765432
`

// pairLines checks the output's form (header, scores with 2 decimals, best
// first) and returns its lines without the scores, which tuning the model
// may move, sorted.
func pairLines(t *testing.T, out string) []string {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if lines[0] != "id_a,id_b,score,decision" {
		t.Fatalf("header %q", lines[0])
	}
	var got []string
	last := math.Inf(1)
	for _, l := range lines[1:] {
		v := strings.Split(l, ",")
		if len(v) != 4 || len(v[2]) < 4 || v[2][len(v[2])-3] != '.' {
			t.Fatalf("line %q", l)
		}
		score, err := strconv.ParseFloat(v[2], 64)
		if err != nil || score > last {
			t.Fatalf("line %q: not best first", l)
		}
		last = score
		got = append(got, v[0]+","+v[1]+","+v[3])
	}
	sort.Strings(got)
	return got
}

func TestDedupeOneFile(t *testing.T) {
	out, errOut, err := runDedupeOn(t, []string{register}, "--csv", "FILE1")
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	got := pairLines(t, out)
	want := []string{"K-1,K-3,match", "K-2,K-5,match"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("pairs %q, want %q", got, want)
	}
	for _, s := range []string{"6 people", "First name → given", "DOB → birth", "compared", "2 pairs: 2 match"} {
		if !strings.Contains(errOut, s) {
			t.Errorf("stderr lacks %q:\n%s", s, errOut)
		}
	}
}

func TestDedupeLinkTwoFiles(t *testing.T) {
	campaign := "nombre;apellido;nacimiento;pueblo\nJon;Mwangi;02/03/1975;Limuru\nAmina;Wanjiru;1988-04-12;Githunguri\nRosa;Mamani;1990;Puno\n"
	out, errOut, err := runDedupeOn(t, []string{register, campaign}, "--csv", "FILE1", "--csv", "FILE2",
		"--map", "nombre=given,apellido=family,nacimiento=birth,pueblo=locality")
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	got := pairLines(t, out)
	// Campaign rows have no ID column: they are named by their line.
	want := []string{"K-1,line 3,match", "K-3,line 3,match", "K-6,line 2,match"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("pairs %q, want %q", got, want)
	}
}

func TestDedupeBrokenRows(t *testing.T) {
	broken := register + "K-7,Zawadi,Mushi,F,31/02/1990,,Limuru,\nK-8,Juma,Hassan\nK-9,Mary,\"Akinyi,F,1975,,Limuru,\n"
	out, errOut, err := runDedupeOn(t, []string{broken}, "--csv", "FILE1")
	if err == nil || !strings.Contains(err.Error(), "has 3 broken rows; fix them or run with --accept-broken") {
		t.Fatalf("err = %v", err)
	}
	if out != "" {
		t.Errorf("stdout: %q", out)
	}
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "line 9: date of birth") || !strings.HasPrefix(lines[1], "line 10: 3 values") ||
		!strings.HasPrefix(lines[2], "line 11: bad quoting") {
		t.Errorf("stderr:\n%s", errOut)
	}

	out, errOut, err = runDedupeOn(t, []string{broken}, "--csv", "FILE1", "--accept-broken")
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	if got := pairLines(t, out); len(got) != 2 || !strings.Contains(errOut, "skipped line 10: 3 values") {
		t.Errorf("pairs %q\n%s", got, errOut)
	}
}

func TestDedupeWithout(t *testing.T) {
	// Only the national ID joins these two: without it they are strangers.
	file := "id,given,family,dob,nid\n1,Peter,Ouma,1990-01-01,555\n2,Pete,Ouma,1990-01-01,555\n"
	with, _, err := runDedupeOn(t, []string{file}, "--csv", "FILE1")
	if err != nil {
		t.Fatal(err)
	}
	without, _, err := runDedupeOn(t, []string{file}, "--csv", "FILE1", "--without", "national_id")
	if err != nil {
		t.Fatal(err)
	}
	if with == without {
		t.Errorf("--without national_id changed nothing:\n%s", with)
	}
	if _, _, err := runDedupeOn(t, []string{file}, "--csv", "FILE1", "--without", "given"); err == nil {
		t.Error("--without given accepted")
	}
}

func TestDedupeUsage(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"--csv", "a", "--csv", "b", "--csv", "c"},
		{"--csv", "FILE1", "--map", "nonsense"},
		{"--csv", "/nonexistent/file.csv"},
	} {
		if _, _, err := runDedupeOn(t, []string{register}, args...); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
	_, _, err := runDedupeOn(t, []string{"a,b,c\n1,2,3\n"}, "--csv", "FILE1")
	if err == nil || !strings.Contains(err.Error(), "no name column") {
		t.Errorf("no name column: %v", err)
	}
}
