package cli

import "testing"

func TestIsCommand(t *testing.T) {
	tests := []struct {
		args []string
		want bool
	}{
		{nil, false},
		{[]string{"--db", "x.dossier"}, false},
		{[]string{"--db=x.dossier"}, false},
		{[]string{"--db", "x.dossier", "demo"}, true},
		{[]string{"backup", "--to", "f"}, true},
		{[]string{"frobnicate"}, true},
		{[]string{"--user", "amina", "--db", "x"}, false},
	}
	for _, tc := range tests {
		if got := IsCommand(tc.args); got != tc.want {
			t.Errorf("%q: got %v", tc.args, got)
		}
	}
}
