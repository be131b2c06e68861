package search

import (
	"container/heap"
	"context"
	"hash/maphash"
	"runtime"
	"sort"
	"sync"

	"dossier/model"
	"dossier/model/match"
)

// Person is the entry as the record matcher compares it, through the
// matcher's own conversion of a patient.
func (e *Entry) Person() match.Person {
	return match.FromPatient(model.Patient{ID: e.ID, MRN: e.MRN, GivenName: e.Given, FamilyName: e.Family,
		OtherNames: e.Other, Sex: e.Sex, BirthDate: e.Birth, BirthEstimated: e.Estimated, Phone: e.Phone,
		Address: e.Address, NationalID: e.NationalID})
}

// maxCandidates bounds the work of one duplicate check.
const maxCandidates = 5000

// Candidates returns the people a new or edited patient might duplicate:
// those sharing a sound-alike name, or one that differs in its first
// letter (in any name field, so swapped given and family names are found),
// and a compatible birth year.
func (ix *Index) Candidates(e *Entry) []Entry {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	seen := map[int32]bool{}
	var out []Entry
	for _, t := range NameTokens(e) {
		// Sound-alike tokens, and those whose first letter differs
		// (Hassan / Assan, Kamau / Camau, Silva / Tilva).
		toks := ix.sounds[match.NYSIIS(t)]
		ix.firstLetterHits(t, func(tok string, _ int, _ float64) { toks = append(toks[:len(toks):len(toks)], tok) })
		for _, tok := range toks {
			for _, i := range ix.tokens[tok] {
				if seen[i] || len(out) >= maxCandidates {
					continue
				}
				seen[i] = true
				s := &ix.slots[i]
				if s.id == e.ID || s.hidden() || !yearsCompatible(e, s) {
					continue
				}
				if c, _, err := DecodeEntry(unsafeBytes(ix.data(s))); err == nil {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

func yearsCompatible(e *Entry, s *slot) bool {
	if e.Birth.IsZero() || s.birth == 0 {
		return true
	}
	slack := 2
	if e.Estimated || s.flags&flagEstimated != 0 {
		slack = 6
	}
	return abs(e.Birth.Year-s.birthYear()) <= slack
}

// ScanPair is a likely duplicate found by Scan: compact, so a scan of a
// million patients stays small; the field-by-field comparison is redone
// for the pairs that enter the review queue.
type ScanPair struct {
	A, B     model.ID
	Score    float64
	Decision match.Decision
}

// MaxScanPairs bounds what one scan proposes: the best pairs first. A
// register with more likely duplicates than this is cleaned in rounds.
// ScanFound says how many were found, so the cap is never hit silently.
const MaxScanPairs = 100_000

// scanCap is MaxScanPairs; a variable so tests can lower it.
var scanCap = MaxScanPairs

// pairHeap keeps the best pairs seen (a min-heap on score).
type pairHeap []ScanPair

func (h pairHeap) Len() int           { return len(h) }
func (h pairHeap) Less(i, j int) bool { return h[i].Score < h[j].Score }
func (h pairHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *pairHeap) Push(x any)        { *h = append(*h, x.(ScanPair)) }
func (h *pairHeap) Pop() any          { o := *h; x := o[len(o)-1]; *h = o[:len(o)-1]; return x }

func (h *pairHeap) offer(p ScanPair) {
	if h.Len() < scanCap {
		heap.Push(h, p)
	} else if p.Score > (*h)[0].Score {
		(*h)[0] = p
		heap.Fix(h, 0)
	}
}

// maxBlock skips blocking keys shared by so many people that comparing
// them all would be quadratic; their pairs share other keys.
const maxBlock = 400

// Scan compares the whole index for duplicates: blocking on the matcher's
// keys, then Fellegi–Sunter scoring within each block. It keeps memory
// small for a million patients (keys are hashed into one sorted array, and
// a pair is compared only under the first key the two share, so no set of
// seen pairs is needed). progress(done, total) reports blocks; ctx cancels.
func (ix *Index) Scan(ctx context.Context, m *match.Model, progress func(done, total int)) ([]ScanPair, error) {
	pairs, _, err := ix.ScanFound(ctx, m, progress)
	return pairs, err
}

// ScanFound is Scan, also returning how many likely pairs were found: when
// more than MaxScanPairs, only the best MaxScanPairs are returned and the
// caller must say that found−len(pairs) were left for a later round.
func (ix *Index) ScanFound(ctx context.Context, m *match.Model, progress func(done, total int)) ([]ScanPair, int, error) {
	found := 0
	ix.mu.RLock()
	n := len(ix.slots)
	data := make([]string, n)
	ids := make([]model.ID, n)
	live := make([]bool, n)
	for i := range ix.slots {
		data[i], ids[i], live[i] = ix.data(&ix.slots[i]), ix.slots[i].id, !ix.slots[i].hidden()
	}
	ix.mu.RUnlock()

	seed := maphash.MakeSeed()
	type keyed struct {
		h uint64
		i int32
	}
	var all []keyed
	keyStart := make([]int32, n+1) // each entry's sorted key hashes: keys[keyStart[i]:keyStart[i+1]]
	var keys []uint64
	for i := 0; i < n; i++ {
		keyStart[i] = int32(len(keys))
		if !live[i] {
			continue
		}
		if i%4096 == 0 && ctx.Err() != nil {
			return nil, 0, ctx.Err()
		}
		e, _, err := DecodeEntry([]byte(data[i]))
		if err != nil {
			continue
		}
		p := match.Prepare(e.Person())
		from := len(keys)
		for _, k := range match.BlockingKeys(&p) {
			keys = append(keys, maphash.String(seed, k))
		}
		own := keys[from:]
		sort.Slice(own, func(a, b int) bool { return own[a] < own[b] })
		for j, h := range own {
			if j == 0 || h != own[j-1] {
				all = append(all, keyed{h, int32(i)})
			}
		}
	}
	keyStart[n] = int32(len(keys))
	sort.Slice(all, func(a, b int) bool {
		if all[a].h != all[b].h {
			return all[a].h < all[b].h
		}
		return all[a].i < all[b].i
	})
	// firstShared is the smallest key hash two entries share.
	firstShared := func(a, b int32) uint64 {
		ka, kb := keys[keyStart[a]:keyStart[a+1]], keys[keyStart[b]:keyStart[b+1]]
		for x, y := 0, 0; x < len(ka) && y < len(kb); {
			switch {
			case ka[x] == kb[y]:
				return ka[x]
			case ka[x] < kb[y]:
				x++
			default:
				y++
			}
		}
		return 0
	}
	type block struct{ from, to int }
	var blocks []block
	for s := 0; s < len(all); {
		e := s + 1
		for e < len(all) && all[e].h == all[s].h {
			e++
		}
		if e-s >= 2 && e-s <= maxBlock {
			blocks = append(blocks, block{s, e})
		}
		s = e
	}

	var mu sync.Mutex
	best := &pairHeap{}
	var done int
	work := make(chan block, 64)
	var wg sync.WaitGroup
	for w := 0; w < runtime.NumCPU(); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			prepared := map[int32]*match.Prepared{}
			prep := func(i int32) *match.Prepared {
				if p, ok := prepared[i]; ok {
					return p
				}
				if len(prepared) > 4096 {
					clear(prepared)
				}
				e, _, _ := DecodeEntry([]byte(data[i]))
				p := match.Prepare(e.Person())
				prepared[i] = &p
				return &p
			}
			local := &pairHeap{}
			nfound := 0
			for b := range work {
				h := all[b.from].h
				for x := b.from; x < b.to; x++ {
					for y := x + 1; y < b.to; y++ {
						a, c := all[x].i, all[y].i
						if firstShared(a, c) != h {
							continue // compared under an earlier key
						}
						score := m.Score(prep(a), prep(c))
						if d := m.Decide(score); d != match.NonMatch {
							nfound++
							local.offer(ScanPair{A: ids[a], B: ids[c], Score: score, Decision: d})
						}
					}
				}
				mu.Lock()
				done++
				if progress != nil && done%256 == 0 {
					progress(done, len(blocks))
				}
				mu.Unlock()
			}
			mu.Lock()
			for _, p := range *local {
				best.offer(p)
			}
			found += nfound
			mu.Unlock()
		}()
	}
	var err error
	for _, b := range blocks {
		if err = ctx.Err(); err != nil {
			break
		}
		work <- b
	}
	close(work)
	wg.Wait()
	if err != nil {
		return nil, 0, err
	}
	if progress != nil {
		progress(len(blocks), len(blocks))
	}
	out := []ScanPair(*best)
	sort.Slice(out, func(a, b int) bool { return out[a].Score > out[b].Score })
	return out, found, nil
}
