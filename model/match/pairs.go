package match

import (
	"cmp"
	"context"
	"hash/maphash"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// Pair is a candidate duplicate: indexes into the input slice(s).
type Pair struct {
	A, B       int
	Comparison Comparison
	Decision   Decision
	// Clustered: a pair that scored only Review, made a Match because
	// both records match a third (see closeClusters).
	Clustered bool
}

// DefaultMaxBlock is the largest block compared all-pairs when the model
// does not say. A key shared by more people (a common name in a big
// village, a clinic's own phone number typed for everyone) would make the
// work quadratic; such a block is sorted by name and birth year instead and
// each member compared with its next 20 neighbours.
const DefaultMaxBlock = 500

// Stats says how much of the work a run did, in pairs of people, each pair
// counted once however many blocking keys it shares.
type Stats struct {
	People   int // people read (both lists when linking)
	Possible int // every pair there is: n(n-1)/2, or len(a)·len(b) when linking
	Compared int // distinct pairs scored; the rest share no blocking key or were left out of an oversized block
	// Oversized counts blocking keys shared by more than MaxBlock people:
	// their members were compared only with their next 20 neighbours by
	// name and birth year, not all with all.
	Oversized int
	MaxBlock  int // the model's MaxBlock, or DefaultMaxBlock
}

// NotCompared is how many of the possible pairs were never scored.
func (s Stats) NotCompared() int { return s.Possible - s.Compared }

// Pairs finds likely duplicates among people: pairs decided Review or
// Match, best first, A < B, each pair once however many keys it shares.
// Comparisons run on all cores. progress(done, total), which may be nil,
// reports work done in comparison steps (a pair sharing several keys is
// visited under each, so the steps are not a count of distinct pairs: see
// PairsStats); it is called from the comparing goroutines, one call at a
// time. When ctx is cancelled Pairs returns ctx.Err(). Unless the model
// has Freq, name and village frequencies are counted over people.
func (m *Model) Pairs(ctx context.Context, people []Prepared, progress func(done, total int)) ([]Pair, error) {
	pairs, _, err := m.PairsStats(ctx, people, progress)
	return pairs, err
}

// PairsStats is Pairs, also saying how many pairs were compared.
func (m *Model) PairsStats(ctx context.Context, people []Prepared, progress func(done, total int)) ([]Pair, Stats, error) {
	m = m.withFreq(people)
	n := len(people)
	pairs, stats, err := m.run(ctx, func(i int) *Prepared { return &people[i] }, n, -1, progress)
	if err != nil {
		return pairs, stats, err
	}
	return m.closeClusters(people, pairs), stats, nil
}

// Link finds likely matches between two lists: A indexes into a, B into b.
func (m *Model) Link(ctx context.Context, a, b []Prepared, progress func(done, total int)) ([]Pair, error) {
	pairs, _, err := m.LinkStats(ctx, a, b, progress)
	return pairs, err
}

// LinkStats is Link, also saying how many pairs were compared.
func (m *Model) LinkStats(ctx context.Context, a, b []Prepared, progress func(done, total int)) ([]Pair, Stats, error) {
	m = m.withFreq(a, b)
	get := func(i int) *Prepared {
		if i < len(a) {
			return &a[i]
		}
		return &b[i-len(a)]
	}
	return m.run(ctx, get, len(a)+len(b), len(a), progress)
}

// withFreq is m, or a copy of it with frequencies counted over lists when
// m has none.
func (m *Model) withFreq(lists ...[]Prepared) *Model {
	if m.Freq != nil {
		return m
	}
	c := *m
	c.Freq = CountFrequencies(lists...)
	return &c
}

// entry files person idx under one key's hash. Hashes instead of strings keep
// memory to 16 bytes per key for a million people; a collision only merges
// two blocks.
type entry struct {
	hash uint64
	idx  int32
}

// block is a run entries[lo:hi] of one hash; in linkage, entries[lo:cut]
// come from the first list.
type block struct{ lo, hi, cut int }

// window is how many neighbours each member of an oversized block is
// compared with, after sorting the block by name and birth year.
const window = 20

// Neighbours is window, for callers that explain it.
const Neighbours = window

// run blocks, then compares each pair of a block once. With split ≥ 0 only
// pairs across the split (i < split ≤ j) are compared (linkage).
func (m *Model) run(ctx context.Context, get func(int) *Prepared, n, split int, progress func(done, total int)) ([]Pair, Stats, error) {
	st := Stats{People: n, Possible: n * (n - 1) / 2}
	if split >= 0 {
		st.Possible = split * (n - split)
	}
	maxBlock := m.MaxBlock
	if maxBlock <= 0 {
		maxBlock = DefaultMaxBlock
	}
	st.MaxBlock = maxBlock
	cross := func(x, y int32) bool { return split < 0 || (int(x) < split) != (int(y) < split) }
	seed := maphash.MakeSeed()
	var entries []entry
	for i := range n {
		if i%4096 == 0 && ctx.Err() != nil {
			return nil, Stats{}, ctx.Err()
		}
		for _, k := range BlockingKeys(get(i)) {
			entries = append(entries, entry{maphash.String(seed, k), int32(i)})
		}
	}
	slices.SortFunc(entries, func(a, b entry) int {
		return cmp.Or(cmp.Compare(a.hash, b.hash), cmp.Compare(a.idx, b.idx))
	})
	// Blocks are runs of one hash. Oversized blocks are set aside before the
	// per-person key lists are built, so they never count as shared.
	var blocks []block
	var big [][]int32
	kept := entries[:0]
	total := 0
	for lo := 0; lo < len(entries); {
		hi := lo + 1
		for hi < len(entries) && entries[hi].hash == entries[lo].hash {
			hi++
		}
		switch size := hi - lo; {
		case size > maxBlock:
			members := make([]int32, size)
			for i := range members {
				members[i] = entries[lo+i].idx
			}
			big = append(big, members)
			st.Oversized++
			total += size * window
		case size >= 2:
			b := block{lo: len(kept)}
			kept = append(kept, entries[lo:hi]...)
			b.hi, b.cut = len(kept), b.lo
			for b.cut < b.hi && int(kept[b.cut].idx) < split {
				b.cut++
			}
			if split < 0 {
				total += size * (size - 1) / 2
				blocks = append(blocks, b)
			} else if b.cut > b.lo && b.cut < b.hi {
				total += (b.cut - b.lo) * (b.hi - b.cut)
				blocks = append(blocks, b)
			}
		}
		lo = hi
	}
	entries = kept
	// Each person's sorted hashes: a pair is compared only in the block of
	// the smallest hash the two share.
	start := make([]int32, n+1)
	for _, e := range entries {
		start[e.idx+1]++
	}
	for i := range n {
		start[i+1] += start[i]
	}
	own := make([]uint64, len(entries))
	fill := slices.Clone(start[:n])
	for _, e := range entries { // in hash order, so each list comes out sorted
		own[fill[e.idx]] = e.hash
		fill[e.idx]++
	}
	shared := func(x, y int32) uint64 { return firstCommon(own[start[x]:start[x+1]], own[start[y]:start[y+1]]) }

	var (
		next, done atomic.Int64
		compared   atomic.Int64 // distinct pairs scored
		mu         sync.Mutex
		results    []Pair
		reported   int
	)
	report := func(d int) { // from any worker; keeps the count monotonic
		if progress != nil {
			mu.Lock()
			if d > reported || d == total {
				reported = d
				progress(d, total)
			}
			mu.Unlock()
		}
	}
	// compare scores a pair and keeps it when it is worth a look.
	compare := func(x, y int32, out []Pair) []Pair {
		pa, pb := get(int(x)), get(int(y))
		s := m.Score(pa, pb)
		if d := m.Decide(s); d != NonMatch {
			A, B := int(x), int(y)
			if split >= 0 {
				A, B = min(A, B), max(A, B)-split
			}
			out = append(out, Pair{A: A, B: B, Comparison: m.Compare(pa, pb), Decision: d})
		}
		return out
	}
	workers := min(runtime.GOMAXPROCS(0), max(1, len(blocks)/8))
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var local []Pair
			since := 0
			for {
				bi := int(next.Add(1) - 1)
				if bi >= len(blocks) || ctx.Err() != nil {
					break
				}
				b := blocks[bi]
				h := entries[b.lo].hash
				count, scored := 0, 0
				visit := func(x, y int32) {
					count++
					if x != y && shared(x, y) == h {
						scored++
						local = compare(x, y, local)
					}
				}
				if split < 0 {
					for i := b.lo; i < b.hi; i++ {
						for j := i + 1; j < b.hi; j++ {
							visit(entries[i].idx, entries[j].idx)
						}
					}
				} else {
					for i := b.lo; i < b.cut; i++ {
						for j := b.cut; j < b.hi; j++ {
							visit(entries[i].idx, entries[j].idx)
						}
					}
				}
				compared.Add(int64(scored))
				since += count
				if d := done.Add(int64(count)); since >= 1<<14 {
					since = 0
					report(int(d))
				}
			}
			mu.Lock()
			results = append(results, local...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	// Oversized blocks: sorted by family name, given name and birth year,
	// each member meets its next few neighbours (sorted neighbourhood), so
	// that a common key still finds the typo'd duplicate next to it. Pairs
	// that share a normal block were compared there already.
	seen := map[[2]int32]bool{}
	for _, members := range big {
		if ctx.Err() != nil {
			break
		}
		slices.SortFunc(members, func(x, y int32) int {
			p, q := get(int(x)), get(int(y))
			return cmp.Or(cmp.Compare(p.family.joined, q.family.joined), cmp.Compare(p.given.joined, q.given.joined),
				cmp.Compare(p.year, q.year), cmp.Compare(x, y))
		})
		for i, x := range members {
			for _, y := range members[i+1 : min(len(members), i+1+window)] {
				k := [2]int32{min(x, y), max(x, y)}
				if x == y || !cross(x, y) || shared(x, y) != 0 || seen[k] {
					continue
				}
				seen[k] = true
				compared.Add(1)
				results = compare(k[0], k[1], results)
			}
		}
		report(int(done.Add(int64(len(members) * window))))
	}
	if err := ctx.Err(); err != nil {
		return nil, Stats{}, err
	}
	report(total)
	st.Compared = int(compared.Load())
	slices.SortFunc(results, func(x, y Pair) int {
		return cmp.Or(cmp.Compare(y.Comparison.Score, x.Comparison.Score), cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
	})
	return results, st, nil
}

// firstCommon returns the smallest value in both sorted lists, 0 if none.
func firstCommon(a, b []uint64) uint64 {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			return a[i]
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return 0
}
