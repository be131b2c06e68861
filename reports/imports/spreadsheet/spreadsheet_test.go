package spreadsheet

import (
	"bufio"
	"strings"
	"testing"
)

func TestHeaderLineAndSniff(t *testing.T) {
	tests := []struct {
		in, header string
		sep        rune
	}{
		{"\ufeff# source: FEBRL\n\ncode;title\nA01;x\n", "code;title\n", ';'},
		{"a\tb\tc\n", "a\tb\tc\n", '\t'},
		{`"x,y";z` + "\n", `"x,y";z` + "\n", ';'},
		{"single\n", "single\n", ','},
	}
	for _, tc := range tests {
		read, h, err := HeaderLine(bufio.NewReader(strings.NewReader(tc.in)))
		if err != nil || h != tc.header || !strings.HasSuffix(string(read), h) {
			t.Errorf("%q: header %q read %q err %v", tc.in, h, read, err)
		}
		if got := Sniff(h); got != tc.sep {
			t.Errorf("%q: sniffed %q", tc.in, got)
		}
	}
	if _, _, err := HeaderLine(bufio.NewReader(strings.NewReader("# only a comment\n\n"))); err == nil {
		t.Error("a file without a header was accepted")
	}
}
