// Package spreadsheet holds what every reader of people's and codes' spreadsheets
// needs before encoding/csv can take over: skipping a byte-order mark and
// comment lines, and finding the separator a clinic's spreadsheet used.
package spreadsheet

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
)

var bom = []byte("\ufeff")

// HeaderLine reads up to and including the first line that is neither
// blank nor a comment, dropping a byte-order mark, and returns what it read
// (to be read again by the CSV reader, so line numbers stay right) and
// that line.
func HeaderLine(br *bufio.Reader) (read []byte, header string, err error) {
	if p, _ := br.Peek(3); bytes.Equal(p, bom) {
		br.Discard(3)
	}
	for {
		line, err := br.ReadString('\n')
		read = append(read, line...)
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(line, "#") {
			return read, line, nil
		}
		if err == io.EOF {
			return nil, "", errors.New("the file has no header line")
		}
		if err != nil {
			return nil, "", err
		}
	}
}

// Sniff picks the separator that occurs most often outside quotes in the
// header line: comma, semicolon (spreadsheets set up for a decimal comma) or
// tab. A header of one column has none; then it is a comma.
func Sniff(header string) rune {
	counts := map[rune]int{}
	quoted := false
	for _, r := range header {
		switch {
		case r == '"':
			quoted = !quoted
		case !quoted && (r == ',' || r == ';' || r == '\t'):
			counts[r]++
		}
	}
	best := ','
	for _, r := range []rune{';', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}
