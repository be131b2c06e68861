package search

import (
	"container/heap"
	"runtime"
	"slices"
	"strings"
)

// Ranking keeps the keystroke fast on a million patients. One or two
// letters match tens of thousands of people; sorting them all, or even
// putting them all in a map, was the slow tail of typing. Instead:
//   - one name word: its matching tokens are taken best score first, and
//     a group of equally scored tokens is cut to the lowest positions once
//     the page is full, so only the groups that reach the page are read;
//   - several words: the word matching the fewest people is read from the
//     postings first; a later word matching many more people than are left
//     is checked against the tokens of those left instead of its postings;
//   - the page is chosen with a bounded heap, never a full sort.
// The order is the same as sorting every candidate by score (best first),
// then position.

type scored struct {
	i int32
	s float64
}

// rank returns at most q.Limit visible slots matching every name word, best
// first.
func (ix *Index) rank(names []string, q Query, village uint32) []scored {
	if len(names) == 0 { // filters alone: every patient, in order
		var out []scored
		for i := range ix.slots {
			if ix.visible(&ix.slots[i], q, village) {
				out = append(out, scored{int32(i), 0.5})
				if len(out) == q.Limit {
					break
				}
			}
		}
		return out
	}
	typing := !strings.HasSuffix(q.Text, " ")
	hits := make([][]tokenHit, len(names))
	for wi, w := range names {
		hits[wi] = ix.tokenHits(w, typing && wi == len(names)-1)
		if len(hits[wi]) == 0 {
			return nil // every word must match something
		}
	}
	if len(names) == 1 {
		return ix.rankOne(hits[0], q, village)
	}
	sc := ix.getScratch()
	defer ix.putScratch(sc)
	ix.accumulate(names, hits, typing, sc)
	return ix.topK(sc, float64(len(names)), q, village)
}

// rankOne ranks the matches of a single word group by group.
func (ix *Index) rankOne(hits []tokenHit, q Query, village uint32) []scored {
	slices.SortStableFunc(hits, func(a, b tokenHit) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return 0
	})
	var out []scored
	taken := map[int32]bool{}
	var group []int32
	for g := 0; g < len(hits) && len(out) < q.Limit; {
		e := g + 1
		for e < len(hits) && hits[e].score == hits[g].score {
			e++
		}
		group = group[:0]
		for _, h := range hits[g:e] {
			for _, i := range h.post {
				if !taken[i] && ix.visible(&ix.slots[i], q, village) {
					group = append(group, i)
				}
			}
		}
		slices.Sort(group)
		group = slices.Compact(group)
		for _, i := range group[:min(len(group), q.Limit-len(out))] {
			out = append(out, scored{i, hits[g].score})
			taken[i] = true
		}
		g = e
	}
	return out
}

// scratch is per-search working space as long as the index: a score and a
// generation mark per slot, so combining words costs an array access per
// posting instead of a map operation. Searches run concurrently under the
// read lock, so each takes its own from a pool.
type scratch struct {
	score, word []float32
	gen         []uint32
	g           uint32
	list        []int32
}

// getScratch takes a scratch as long as the index from the index's own
// spares. They are kept there, not in a sync.Pool: a pool is emptied by
// the garbage collector, and at a million patients making a new scratch
// (13 MB to allocate and touch) was a keystroke's slowest part.
func (ix *Index) getScratch() *scratch {
	n := len(ix.slots)
	ix.spareMu.Lock()
	var sc *scratch
	if k := len(ix.spares); k > 0 {
		sc, ix.spares = ix.spares[k-1], ix.spares[:k-1]
	}
	ix.spareMu.Unlock()
	if sc == nil || len(sc.gen) < n || sc.g > 1<<31 {
		sc = &scratch{score: make([]float32, n+n/8), word: make([]float32, n+n/8), gen: make([]uint32, n+n/8)}
	}
	sc.list = sc.list[:0]
	return sc
}

// putScratch gives a scratch back (as many are kept as searches ran at
// once, at most one a core).
func (ix *Index) putScratch(sc *scratch) {
	ix.spareMu.Lock()
	if len(ix.spares) < runtime.NumCPU() {
		ix.spares = append(ix.spares, sc)
	}
	ix.spareMu.Unlock()
}

// accumulate scores the slots matching every word (sum of each word's best
// token score), in sc.list and sc.score. Words are taken from the one with
// the fewest postings.
func (ix *Index) accumulate(names []string, hits [][]tokenHit, typing bool, sc *scratch) {
	postings := make([]int, len(hits))
	order := make([]int, len(hits))
	for wi, hs := range hits {
		order[wi] = wi
		for _, h := range hs {
			postings[wi] += len(h.post)
		}
	}
	slices.SortFunc(order, func(a, b int) int { return postings[a] - postings[b] })
	sc.g++
	for _, h := range hits[order[0]] {
		for _, i := range h.post {
			switch {
			case sc.gen[i] != sc.g:
				sc.gen[i], sc.score[i] = sc.g, float32(h.score)
				sc.list = append(sc.list, i)
			case float32(h.score) > sc.score[i]:
				sc.score[i] = float32(h.score)
			}
		}
	}
	for _, wi := range order[1:] {
		for _, i := range sc.list {
			sc.word[i] = 0
		}
		if postings[wi] <= 4*len(sc.list) {
			for _, h := range hits[wi] {
				for _, i := range h.post {
					if sc.gen[i] == sc.g && float32(h.score) > sc.word[i] {
						sc.word[i] = float32(h.score)
					}
				}
			}
		} else {
			// Far fewer people left than this word matches: read their
			// tokens instead of its postings.
			w := names[wi]
			score := func(t string) float64 { return 0 }
			if short := typing && wi == len(names)-1 && len(w) <= 2; short {
				score = func(t string) float64 { return prefixScore(w, t) }
			} else {
				m := make(map[string]float64, len(hits[wi]))
				for _, h := range hits[wi] {
					m[h.token] = h.score
				}
				score = func(t string) float64 { return m[t] }
			}
			for _, i := range sc.list {
				best := 0.0
				s := &ix.slots[i]
				eachToken(ix.data(s), s.toks, func(t string) { best = max(best, score(t)) })
				sc.word[i] = float32(best)
			}
		}
		sc.g++
		kept := sc.list[:0]
		for _, i := range sc.list {
			if sc.word[i] > 0 {
				sc.gen[i] = sc.g
				sc.score[i] += sc.word[i]
				kept = append(kept, i)
			}
		}
		sc.list = kept
	}
}

// prefixScore scores a token for a word being typed: 1 when equal, less
// the more letters remain to type, 0 when it does not start with the word.
func prefixScore(w, t string) float64 {
	switch {
	case t == w:
		return kindScore[kindExact]
	case strings.HasPrefix(t, w):
		return kindScore[kindPrefix] * (0.7 + 0.3*float64(len(w))/float64(len(t)))
	}
	return 0
}

// topK picks the best q.Limit visible slots of sc.list (scores divided by n).
func (ix *Index) topK(sc *scratch, n float64, q Query, village uint32) []scored {
	h := &worstFirst{}
	for _, i := range sc.list {
		c := scored{i, float64(sc.score[i]) / n}
		if h.Len() == q.Limit && !better(c, (*h)[0]) {
			continue
		}
		if !ix.visible(&ix.slots[i], q, village) {
			continue
		}
		if h.Len() < q.Limit {
			heap.Push(h, c)
		} else {
			(*h)[0] = c
			heap.Fix(h, 0)
		}
	}
	out := []scored(*h)
	slices.SortFunc(out, func(a, b scored) int {
		if better(a, b) {
			return -1
		}
		return 1
	})
	return out
}

// better orders results: higher score, then earlier position.
func better(a, b scored) bool {
	if a.s != b.s {
		return a.s > b.s
	}
	return a.i < b.i
}

// worstFirst is a heap with the worst kept result on top.
type worstFirst []scored

func (h worstFirst) Len() int           { return len(h) }
func (h worstFirst) Less(i, j int) bool { return better(h[j], h[i]) }
func (h worstFirst) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *worstFirst) Push(x any)        { *h = append(*h, x.(scored)) }
func (h *worstFirst) Pop() any          { o := *h; x := o[len(o)-1]; *h = o[:len(o)-1]; return x }
