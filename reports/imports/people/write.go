package people

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"dossier/model/match"
)

// WritePairs writes the pairs as CSV: a header line "id_a,id_b,score,decision",
// then one line per pair with the score to 2 decimals and the decision
// ("match" or "review"). A indexes into a's people, B into b's (the same
// table when deduplicating one file).
func WritePairs(w io.Writer, a, b Table, pairs []match.Pair) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"id_a", "id_b", "score", "decision"}); err != nil {
		return err
	}
	for _, p := range pairs {
		if p.A < 0 || p.A >= len(a.People) || p.B < 0 || p.B >= len(b.People) {
			return fmt.Errorf("pair %d,%d is outside the tables (%d and %d people)", p.A, p.B, len(a.People), len(b.People))
		}
		rec := []string{a.People[p.A].ID, b.People[p.B].ID, strconv.FormatFloat(p.Comparison.Score, 'f', 2, 64), p.Decision.String()}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
