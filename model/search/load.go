package search

import (
	"runtime"
	"sync"

	"dossier/model/match"
)

// LoadEncoded fills an empty index from a snapshot's encodings in one go,
// the unlock path. Every core reads a share of the entries and numbers
// their tokens and villages in maps of its own; the shares are then joined
// by number, and each posting list is carved at its final size from one
// backing array, instead of a million small slices growing append by
// append. An index that is not empty takes the entries through
// PutEncoded. Call Settle afterwards.
func (ix *Index) LoadEncoded(data []string) error {
	ix.mu.Lock()
	if len(ix.slots) > 0 {
		ix.mu.Unlock()
		return ix.PutEncoded(data)
	}
	defer ix.mu.Unlock()
	n := len(data)
	slots := make([]slot, n)
	workers := min(runtime.NumCPU(), max(1, n/4096))
	parts := make([]loadPart, workers)
	var wg sync.WaitGroup
	for w := range parts {
		wg.Add(1)
		go func(p *loadPart, from, to int) {
			defer wg.Done()
			p.read(data, slots, from, to)
		}(&parts[w], w*n/workers, (w+1)*n/workers)
	}
	wg.Wait()
	for _, p := range parts {
		if p.err != nil {
			return p.err
		}
	}

	// The table of IDs is built on another core while the shares are joined.
	var byID idTable
	byIDDone := make(chan error, 1)
	go func() {
		var ok bool
		if byID, ok = buildIDTable(slots); !ok {
			byIDDone <- errCorrupt
			return
		}
		byIDDone <- nil
	}()

	// Join the shares: global token and village numbers.
	tokenN := map[string]int32{}
	var names []string
	var count []int32
	for w := range parts {
		p := &parts[w]
		p.global = make([]int32, len(p.names))
		for k, t := range p.names {
			g, ok := tokenN[t]
			if !ok {
				g = int32(len(names))
				tokenN[t] = g
				names = append(names, t)
				count = append(count, 0)
			}
			p.global[k] = g
			count[g] += p.count[k]
		}
		vmap := make([]uint32, len(p.villages))
		for k, v := range p.villages {
			vmap[k] = ix.villageFolded(v)
		}
		for i := p.from; i < p.to; i++ {
			slots[i].village = vmap[slots[i].village]
		}
	}
	start := make([]int32, len(names)+1)
	for k, c := range count {
		start[k+1] = start[k] + c
	}
	backing := make([]int32, start[len(names)])
	fill := append([]int32(nil), start[:len(names)]...)
	for w := range parts {
		p := &parts[w]
		for j, i := range p.owner {
			g := p.global[p.flat[j]]
			backing[fill[g]] = i
			fill[g]++
		}
		p.flat, p.owner = nil, nil
	}
	if err := <-byIDDone; err != nil {
		return err
	}
	ix.byID = byID
	ix.slots = slots
	ix.tokens = make(map[string][]int32, len(names))
	for k, t := range names {
		from, to := start[k], start[k+1]
		ix.tokens[t] = backing[from:to:to] // full: a later append copies, never overwrites a neighbour
		code := match.NYSIIS(t)
		ix.sounds[code] = append(ix.sounds[code], t)
		r := firstRune(t)
		ix.byFirst[r] = append(ix.byFirst[r], t)
		ix.fileFirstLetter(t)
		ix.fresh = append(ix.fresh, t)
	}
	return nil
}

// loadPart is one core's share of a load: its slots' tokens and villages
// numbered locally.
type loadPart struct {
	from, to int
	names    []string // local token number → token
	count    []int32  // local token number → slots holding it
	flat     []int32  // local token numbers of every slot's tokens, in order
	owner    []int32  // the slot of each flat entry
	villages []string // local village number → folded village
	global   []int32  // local token number → global
	err      error
}

func (p *loadPart) read(data []string, slots []slot, from, to int) {
	p.from, p.to = from, to
	tokenN := map[string]int32{}
	villageN := map[string]uint32{}
	p.flat = make([]int32, 0, (to-from)*5/2)
	p.owner = make([]int32, 0, (to-from)*5/2)
	for i := from; i < to; i++ {
		s, village, err := scanHead(data[i])
		if err != nil {
			p.err = err
			return
		}
		v, ok := villageN[village]
		if !ok {
			v = uint32(len(p.villages))
			villageN[village] = v
			p.villages = append(p.villages, village)
		}
		s.village = v // local until joined
		slots[i] = s
		s.eachToken(func(t string) {
			k, ok := tokenN[t]
			if !ok {
				k = int32(len(p.names))
				tokenN[t] = k
				p.names = append(p.names, t)
				p.count = append(p.count, 0)
			}
			p.count[k]++
			p.flat = append(p.flat, k)
			p.owner = append(p.owner, int32(i))
		})
	}
}
