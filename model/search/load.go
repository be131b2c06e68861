package search

import (
	"encoding/binary"
	"runtime"
	"sync"

	"dossier/model/match"
)

// LoadEncoded fills an index from entry encodings (a rebuild, tests): they
// are packed into blobs as a snapshot's chunks are, then loaded as those.
func (ix *Index) LoadEncoded(data []string) error {
	var chunks []string
	var buf []byte
	for i, d := range data {
		buf = binary.AppendUvarint(buf, uint64(len(d)))
		buf = append(buf, d...)
		if (i+1)%1024 == 0 || i == len(data)-1 {
			chunks = append(chunks, string(buf))
			buf = buf[:0]
		}
	}
	return ix.LoadChunks(chunks)
}

// LoadChunks fills an empty index from a snapshot's decrypted chunks (each
// entry encodings, every one preceded by its length as a uvarint) in one
// go, the unlock path. The chunks become the index's blobs as they are:
// every entry stays where decryption put it, nothing is copied. Every core
// reads a share of the chunks and numbers their tokens and villages in maps
// of its own; the shares are then joined by number, and each posting list
// is carved at its final size from one backing array, instead of a million
// small slices growing append by append. An index that is not empty takes
// the entries through PutEncoded. Call Settle afterwards.
func (ix *Index) LoadChunks(chunks []string) error {
	ix.mu.Lock()
	if len(ix.slots) > 0 {
		ix.mu.Unlock()
		for _, c := range chunks {
			var data []string
			if err := splitChunk(c, func(off, n int) { data = append(data, c[off:off+n]) }); err != nil {
				return err
			}
			if err := ix.PutEncoded(data); err != nil {
				return err
			}
		}
		return nil
	}
	defer ix.mu.Unlock()
	workers := min(runtime.NumCPU(), max(1, len(chunks)/4))
	parts := make([]loadPart, workers)
	var wg sync.WaitGroup
	// First how many entries each share holds, so each knows where its
	// slots start.
	for w := range parts {
		wg.Add(1)
		go func(p *loadPart, from, to int) {
			defer wg.Done()
			p.cfrom, p.cto = from, to
			for _, c := range chunks[from:to] {
				if p.err = splitChunk(c, func(int, int) { p.to++ }); p.err != nil {
					return
				}
			}
		}(&parts[w], w*len(chunks)/workers, (w+1)*len(chunks)/workers)
	}
	wg.Wait()
	n := 0
	for w := range parts {
		if parts[w].err != nil {
			return parts[w].err
		}
		parts[w].from, parts[w].to = n, n+parts[w].to
		n = parts[w].to
	}
	slots := make([]slot, n)
	for w := range parts {
		wg.Add(1)
		go func(p *loadPart) {
			defer wg.Done()
			p.read(chunks, slots)
		}(&parts[w])
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
		j := 0
		for i := p.from; i < p.to; i++ {
			for range p.ntok[i-p.from] {
				g := p.global[p.flat[j]]
				backing[fill[g]] = int32(i)
				fill[g]++
				j++
			}
		}
		p.flat, p.ntok = nil, nil
	}
	if err := <-byIDDone; err != nil {
		return err
	}
	ix.byID = byID
	ix.slots = slots
	ix.blobs = append(ix.blobs[:0], chunks...)
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

// loadPart is one core's share of a load: its chunks (cfrom to cto, their
// slots from to to) and their tokens and villages numbered locally.
type loadPart struct {
	cfrom, cto int
	from, to   int
	names      []string // local token number → token
	count      []int32  // local token number → slots holding it
	flat       []int32  // local token numbers of every slot's tokens, in order
	ntok       []int32  // how many flat entries each slot has
	villages   []string // local village number → folded village
	global     []int32  // local token number → global
	err        error
}

func (p *loadPart) read(chunks []string, slots []slot) {
	tokenN := map[string]int32{}
	villageN := map[string]uint32{}
	p.flat = make([]int32, 0, (p.to-p.from)*5/2)
	p.ntok = make([]int32, p.to-p.from)
	i := p.from
	for c := p.cfrom; c < p.cto && p.err == nil; c++ {
		chunk := chunks[c]
		p.err = splitChunk(chunk, func(off, n int) {
			if p.err != nil {
				return
			}
			data := chunk[off : off+n]
			s, village, err := scanHead(data)
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
			s.blob, s.off, s.n = uint32(c), uint32(off), uint32(n)
			slots[i] = s
			p.ntok[i-p.from] = int32(tokenCount(data, s.toks))
			eachToken(data, s.toks, func(t string) {
				k, ok := tokenN[t]
				if !ok {
					k = int32(len(p.names))
					tokenN[t] = k
					p.names = append(p.names, t)
					p.count = append(p.count, 0)
				}
				p.count[k]++
				p.flat = append(p.flat, k)
			})
			i++
		})
	}
}

// splitChunk calls fn with where each entry of a chunk lies.
func splitChunk(c string, fn func(off, n int)) error {
	for at := 0; at < len(c); {
		l, w := binary.Uvarint(unsafeBytes(c[at:min(len(c), at+binary.MaxVarintLen64)]))
		if w <= 0 || l > uint64(len(c)-at-w) {
			return errCorrupt
		}
		fn(at+w, int(l))
		at += w + int(l)
	}
	return nil
}

// tokenCount is how many name tokens an encoding lists.
func tokenCount(data string, toks uint32) int {
	n, w := binary.Uvarint(unsafeBytes(data[toks:]))
	if w <= 0 {
		return 0
	}
	return int(n)
}
