package cli

import (
	"bytes"
	"strings"
	"testing"
)

func TestCodesSearch(t *testing.T) {
	for _, tc := range []struct {
		args      []string
		firstLine string // prefix of the first output line
		lines     int    // expected number of lines, 0 = any
		err       string
	}{
		{args: []string{"search", "E11.9"}, firstLine: "E11.9\tType 2 diabetes mellitus without complications", lines: 1},
		{args: []string{"search", "--limit", "3", "malaria", "falciparum"}, firstLine: "B50", lines: 3},
		{args: []string{"search", "pph", "--limit", "2"}, firstLine: "O72.1\t", lines: 2},
		{args: []string{"search", "--system", "icd10pcs", "0210093"}, firstLine: "0210093\tMedical and Surgical, Heart and Great Vessels, Bypass"},
		{args: []string{"search", "--system", "all", "--limit", "5", "resection appendix"}, firstLine: "0DTJ"},
		{args: []string{"search"}, err: "say what to search for"},
		{args: []string{"search", "--system", "who", "x"}, err: "--system"},
		{args: nil, err: "usage"},
	} {
		var out, errb bytes.Buffer
		env := &Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
		err := runCodes(env, &globals{}, tc.args)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: error %v, want %q", tc.args, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.args, err)
			continue
		}
		lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
		if !strings.HasPrefix(lines[0], tc.firstLine) || (tc.lines > 0 && len(lines) != tc.lines) {
			t.Errorf("%q:\n%s", tc.args, out.String())
		}
	}
}
