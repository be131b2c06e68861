package search

import (
	"cmp"
	"slices"
	"strings"

	"dossier/model"
)

// Matching is Search for a caller that needs only who matches, not in
// what order nor why: a worklist's text filter keeps an item when its
// patient is in the set. It returns the IDs of the patients Search(q)
// returns, in no order, without ranking them, decoding their entries or
// explaining each match. When more than q.Limit match, the q.Limit kept
// are those Search keeps (best score, then earliest position), chosen by
// selection rather than by sorting every candidate.
func (ix *Index) Matching(q Query) []model.ID {
	q, names, village, ok := prepare(q)
	if !ok {
		return nil
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var keep []scored
	if len(names) == 0 {
		keep = ix.rank(nil, q, village) // filters alone: already in position order, unscored
	} else {
		keep = ix.matchAll(names, q, village)
	}
	out := make([]model.ID, len(keep))
	for i, k := range keep {
		out[i] = ix.slots[k.i].id
	}
	return out
}

// matchAll gathers every visible slot matching every name word with its
// score as rank gives it, and keeps the q.Limit best.
func (ix *Index) matchAll(names []string, q Query, village uint32) []scored {
	typing := !strings.HasSuffix(q.Text, " ")
	hits := make([][]tokenHit, len(names))
	for wi, w := range names {
		hits[wi] = ix.tokenHits(w, typing && wi == len(names)-1)
		if len(hits[wi]) == 0 {
			return nil
		}
	}
	sc := ix.getScratch()
	defer ix.putScratch(sc)
	if len(names) == 1 {
		return ix.matchOne(hits[0], q, village, sc)
	}
	ix.accumulate(names, hits, typing, sc)
	n := float64(len(names))
	cand := make([]scored, 0, len(sc.list))
	for _, i := range sc.list {
		if ix.visible(&ix.slots[i], q, village) {
			cand = append(cand, scored{i, float64(sc.score[i]) / n})
		}
	}
	if len(cand) > q.Limit {
		selectBest(cand, q.Limit)
		cand = cand[:q.Limit]
	}
	return cand
}

// matchOne is rankOne without the order: the matches of a single word
// group by group, best score first, until the limit; only the group that
// crosses the limit is cut, to its lowest positions. A slot is taken in
// the group of its best token, marked in the scratch rather than a map.
func (ix *Index) matchOne(hits []tokenHit, q Query, village uint32, sc *scratch) []scored {
	slices.SortFunc(hits, func(a, b tokenHit) int { return cmp.Compare(b.score, a.score) })
	sc.g++
	var out, group []scored
	for g := 0; g < len(hits) && len(out) < q.Limit; {
		e := g + 1
		for e < len(hits) && hits[e].score == hits[g].score {
			e++
		}
		group = group[:0]
		for _, h := range hits[g:e] {
			for _, i := range h.post {
				if sc.gen[i] != sc.g && ix.visible(&ix.slots[i], q, village) {
					sc.gen[i] = sc.g
					group = append(group, scored{i, h.score})
				}
			}
		}
		if room := q.Limit - len(out); len(group) > room {
			selectBest(group, room)
			group = group[:room]
		}
		out = append(out, group...)
		g = e
	}
	return out
}

// selectBest moves the k best of c (by better) into c[:k], in no order:
// a quickselect, linear on average, where a sort would be n log n.
func selectBest(c []scored, k int) {
	lo, hi := 0, len(c)-1
	for lo < hi {
		p := c[lo+(hi-lo)/2]
		i, j := lo, hi
		for i <= j {
			for better(c[i], p) {
				i++
			}
			for better(p, c[j]) {
				j--
			}
			if i <= j {
				c[i], c[j] = c[j], c[i]
				i++
				j--
			}
		}
		// c[lo..j] are no worse than p, c[i..hi] no better, and between
		// them sits p itself.
		switch {
		case k-1 <= j:
			hi = j
		case k-1 >= i:
			lo = i
		default:
			return
		}
	}
}
